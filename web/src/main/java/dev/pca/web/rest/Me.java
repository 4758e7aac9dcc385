package dev.pca.web.rest;

import dev.pca.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The caller as the server sees it: the smallest call that proves a token and its roles. */
@Path("/me")
@RequestScoped
public class Me {
  /** The caller's name and PCA roles. */
  public record Caller(String name, List<String> roles) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "Who the bearer token belongs to, and its PCA roles")
  @APIResponse(responseCode = "200", description = "The caller")
  @APIResponse(responseCode = "401", description = "No valid bearer token")
  @APIResponse(responseCode = "403", description = "The token carries no PCA role")
  public Caller me(@Context SecurityContext security) {
    return new Caller(security.getUserPrincipal().getName(), Roles.held(security::isUserInRole));
  }
}
