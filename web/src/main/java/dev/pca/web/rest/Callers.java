package dev.pca.web.rest;

import dev.pca.application.Actor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/** Who calls, as the audit log records it: the token's principal and the peer address. */
@RequestScoped
public class Callers {
  @Inject private HttpServletRequest request;

  public Actor current() {
    var principal = request.getUserPrincipal();
    return new Actor(
        principal == null ? "anonymous" : principal.getName(), request.getRemoteAddr());
  }
}
