package dev.pca.web.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Every API call needs a valid bearer token: without one the answer is 401 with a Bearer challenge
 * (RFC 6750 section 3), never a redirect to a login page.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerRequired implements ContainerRequestFilter {
  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getSecurityContext().getUserPrincipal() == null) {
      request.abortWith(Problems.response(Response.Status.UNAUTHORIZED, null));
    }
  }
}
