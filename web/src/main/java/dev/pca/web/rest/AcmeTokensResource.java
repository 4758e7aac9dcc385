package dev.pca.web.rest;

import dev.pca.application.Acme;
import dev.pca.application.CaException;
import dev.pca.web.Callers;
import dev.pca.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** ACME tokens once made: they are made and listed under their profile. */
@Path("/acme-tokens")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Enrollment")
public class AcmeTokensResource {
  @EJB private Acme acme;
  @Inject private Callers callers;

  @POST
  @Path("{id}/revoke")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @Operation(
      summary = "Revoke an ACME token",
      description =
          "No new account binds with it, and the accounts bound with it can no longer order.")
  public Acme.Token revoke(@PathParam("id") UUID id) throws CaException {
    return acme.revokeToken(callers.current(), id);
  }
}
