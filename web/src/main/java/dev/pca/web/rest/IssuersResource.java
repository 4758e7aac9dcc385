package dev.pca.web.rest;

import dev.pca.application.CaException;
import dev.pca.application.Certificates;
import dev.pca.application.Issuers;
import dev.pca.web.Callers;
import dev.pca.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/issuers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Issuers", description = "Root and intermediate CAs, keys on the token")
public class IssuersResource {
  /** The new quota of an issuer; null for none. */
  public record Quota(Long quota) {}

  @EJB private Issuers issuers;
  @EJB private Certificates certificates;
  @Inject private Callers callers;
  @Context private UriInfo uri;

  @POST
  @Path("{id}/intermediates")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Create an intermediate CA signed by this root")
  public Response createIntermediate(@PathParam("id") UUID root, Issuers.Draft draft)
      throws CaException {
    Issuers.View created = issuers.createIntermediate(callers.current(), root, draft);
    return Created.at(uri, "issuers", created.id(), created).build();
  }

  @GET
  @Path("{id}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "One issuer")
  public Issuers.View get(@PathParam("id") UUID id) throws CaException {
    return issuers.get(callers.current(), id);
  }

  @POST
  @Path("{id}/disable")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Stop an issuer from signing")
  public Issuers.View disable(@PathParam("id") UUID id) throws CaException {
    return issuers.setEnabled(callers.current(), id, false);
  }

  @POST
  @Path("{id}/enable")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Let a disabled issuer sign again")
  public Issuers.View enable(@PathParam("id") UUID id) throws CaException {
    return issuers.setEnabled(callers.current(), id, true);
  }

  @PUT
  @Path("{id}/quota")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Set how many more certificates the issuer may sign (null: no limit)")
  public Issuers.View quota(@PathParam("id") UUID id, Quota quota) throws CaException {
    return issuers.setQuota(callers.current(), id, quota == null ? null : quota.quota());
  }

  @GET
  @Path("{id}/certificate")
  @Produces({Downloads.PEM, Downloads.DER})
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "The CA certificate, PEM or DER by Accept")
  public Response certificate(
      @PathParam("id") UUID id, @jakarta.ws.rs.HeaderParam("Accept") String accept)
      throws CaException {
    return Downloads.single(issuers.chain(callers.current(), id).get(0), accept);
  }

  @GET
  @Path("{id}/chain")
  @Produces(Downloads.CHAIN)
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "The CA certificate and its chain to the root, PEM")
  public Response chain(@PathParam("id") UUID id) throws CaException {
    return Downloads.chain(issuers.chain(callers.current(), id));
  }

  @POST
  @Path("{id}/certificates")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Issue a certificate from a PKCS#10 CSR under a template")
  public Response issue(@PathParam("id") UUID issuer, Certificates.CsrRequest request)
      throws CaException {
    Certificates.Issued issued = certificates.issue(callers.current(), issuer, request, "REST");
    return Created.at(uri, "certificates", issued.certificate().id(), issued).build();
  }

  @POST
  @Path("{id}/certificates/keygen")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(
      summary =
          "Issue a certificate for a key the server generates; the key comes back once, as a"
              + " PKCS#12 under the given password, and is not kept")
  public Response issueWithServerKey(@PathParam("id") UUID issuer, Certificates.KeyRequest request)
      throws CaException {
    Certificates.KeyIssued issued =
        certificates.issueWithServerKey(callers.current(), issuer, request, "REST");
    return Created.at(uri, "certificates", issued.certificate().id(), issued)
        .header("Cache-Control", "no-store")
        .build();
  }
}
