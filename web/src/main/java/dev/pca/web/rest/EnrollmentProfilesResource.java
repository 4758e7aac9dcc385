package dev.pca.web.rest;

import dev.pca.application.Acme;
import dev.pca.application.CaException;
import dev.pca.application.Enrollments;
import dev.pca.web.AcmeClients;
import dev.pca.web.Callers;
import dev.pca.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Enrollment profiles for SCEP and EST devices and ACME clients; created under a repository. The
 * ACME tokens of an ACME profile are made and listed here, revoked under {@code /acme-tokens}.
 */
@Path("/enrollment-profiles")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(
    name = "Enrollment",
    description = "SCEP, EST and ACME profiles, device challenges, approvals and ACME tokens")
public class EnrollmentProfilesResource {
  /** A one-time challenge to make for a device. */
  public record ChallengeRequest(String device, Long validitySeconds) {}

  /** Switches a profile on or off. */
  public record Switch(boolean enabled) {}

  /** What a new ACME token is for, in the words of whoever makes it. */
  public record AcmeTokenRequest(String description) {}

  @EJB private Enrollments enrollments;
  @EJB private Acme acme;
  @Inject private Callers callers;
  @Context private UriInfo uri;

  @GET
  @Path("{id}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "One enrollment profile")
  public Enrollments.View get(@PathParam("id") UUID id) throws CaException {
    return enrollments.get(callers.current(), id);
  }

  @PUT
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Change a profile's template, authentication, approval or name")
  public Enrollments.View change(@PathParam("id") UUID id, Enrollments.Draft draft)
      throws CaException {
    return enrollments.change(callers.current(), id, draft);
  }

  @PUT
  @Path("{id}/enabled")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Switch a profile on or off")
  public Enrollments.View enable(@PathParam("id") UUID id, Switch to) throws CaException {
    return enrollments.enable(callers.current(), id, to != null && to.enabled());
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Delete a profile that has no requests on record")
  public Response delete(@PathParam("id") UUID id) throws CaException {
    enrollments.delete(callers.current(), id);
    return Response.noContent().build();
  }

  @POST
  @Path("{id}/secret")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Make a new challenge or password for the profile, shown this once")
  public Enrollments.Created newSecret(@PathParam("id") UUID id) throws CaException {
    return enrollments.newSecret(callers.current(), id);
  }

  @POST
  @Path("{id}/challenges")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Make a one-time challenge password for one device, shown this once")
  public Response newChallenge(@PathParam("id") UUID id, ChallengeRequest request)
      throws CaException {
    if (request == null) {
      throw new CaException(CaException.Reason.INVALID, "name the device");
    }
    Enrollments.Challenge made =
        enrollments.newChallenge(
            callers.current(),
            id,
            request.device(),
            request.validitySeconds() == null
                ? null
                : Duration.ofSeconds(request.validitySeconds()));
    return Response.status(Response.Status.CREATED).entity(made).build();
  }

  @GET
  @Path("{id}/acme-tokens")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "The ACME tokens of an ACME profile, newest first, without their keys")
  public List<Acme.Token> acmeTokens(@PathParam("id") UUID id) throws CaException {
    return acme.tokens(callers.current(), id);
  }

  @POST
  @Path("{id}/acme-tokens")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @Operation(
      summary = "Make an ACME token for external account binding, its HMAC key shown this once",
      description =
          "The answer has the key id, the HMAC key (base64url), the profile's directory URL on the"
              + " host this call reached, and a certbot command line that registers an account"
              + " with the token.")
  public Response newAcmeToken(@PathParam("id") UUID id, AcmeTokenRequest request)
      throws CaException {
    Acme.NewToken made =
        acme.createToken(callers.current(), id, request == null ? null : request.description());
    AcmeClients.NewToken shown = AcmeClients.shown(made, AcmeClients.base(uri.getBaseUri()));
    return Created.at(uri, "acme-tokens", shown.id(), shown).build();
  }
}
