package dev.pca.web;

import dev.pca.application.Actor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who calls, as the audit log records it: the principal (from a bearer token or the console's
 * sign-in) and the peer address. REST and console share it so both record callers alike.
 */
@RequestScoped
public class Callers {
  @Inject private HttpServletRequest request;

  public Actor current() {
    var principal = request.getUserPrincipal();
    return new Actor(
        principal == null ? "anonymous" : principal.getName(), request.getRemoteAddr());
  }
}
