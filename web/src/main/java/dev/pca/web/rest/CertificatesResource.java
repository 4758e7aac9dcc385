package dev.pca.web.rest;

import dev.pca.application.CaException;
import dev.pca.application.Certificates;
import dev.pca.domain.model.certificate.RevocationReason;
import dev.pca.web.Callers;
import dev.pca.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/certificates")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Certificates", description = "Issued certificates: search, download, revoke, renew")
public class CertificatesResource {
  /** Why and since when a certificate is revoked (RFC 5280 CRLReason names). */
  public record Revoke(RevocationReason reason, Instant invalidityDate) {}

  /** The CSR for the renewed certificate's key. */
  public record Renew(String csr) {}

  @EJB private Certificates certificates;
  @Inject private Callers callers;
  @Context private UriInfo uri;

  @GET
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "Search by subject, SAN or serial (q), status, repository and issuer")
  public Certificates.Page search(
      @QueryParam("repositoryId") UUID repository,
      @QueryParam("issuerId") UUID issuer,
      @QueryParam("status") String status,
      @QueryParam("q") String text,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("50") int limit)
      throws CaException {
    return certificates.search(
        callers.current(), new Certificates.Query(repository, issuer, status, text, offset, limit));
  }

  @GET
  @Path("{id}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "One certificate")
  public Certificates.View get(@PathParam("id") UUID id) throws CaException {
    return certificates.get(callers.current(), id);
  }

  @GET
  @Path("{id}/history")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "Who revoked, held or released it, when and why")
  public List<Certificates.Step> history(@PathParam("id") UUID id) throws CaException {
    return certificates.history(callers.current(), id);
  }

  @GET
  @Path("{id}/certificate")
  @Produces({Downloads.PEM, Downloads.DER})
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "The certificate, PEM or DER by Accept")
  public Response certificate(@PathParam("id") UUID id, @HeaderParam("Accept") String accept)
      throws CaException {
    return Downloads.single(certificates.chain(callers.current(), id).get(0), accept);
  }

  @GET
  @Path("{id}/chain")
  @Produces(Downloads.CHAIN)
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "The certificate and its chain to the root, PEM")
  public Response chain(@PathParam("id") UUID id) throws CaException {
    return Downloads.chain(certificates.chain(callers.current(), id));
  }

  @GET
  @Path("{id}/pkcs7")
  @Produces(Downloads.PKCS7)
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "The certificate and its chain as a certs-only PKCS#7, DER")
  public Response pkcs7(@PathParam("id") UUID id) throws CaException {
    return Downloads.pkcs7(certificates.chain(callers.current(), id));
  }

  @POST
  @Path("{id}/revoke")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Revoke (irreversible) or hold (reason CERTIFICATE_HOLD)")
  public Certificates.View revoke(@PathParam("id") UUID id, Revoke revoke) throws CaException {
    if (revoke == null || revoke.reason() == null) {
      throw new CaException(CaException.Reason.INVALID, "a revocation needs a reason");
    }
    return certificates.revoke(callers.current(), id, revoke.reason(), revoke.invalidityDate());
  }

  @POST
  @Path("{id}/release")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Release a certificate from hold")
  public Certificates.View release(@PathParam("id") UUID id) throws CaException {
    return certificates.release(callers.current(), id);
  }

  @POST
  @Path("{id}/renew")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "A new certificate for the same subject and SANs, for the CSR's key")
  public Response renew(@PathParam("id") UUID id, Renew renew) throws CaException {
    if (renew == null || renew.csr() == null) {
      throw new CaException(CaException.Reason.INVALID, "a renewal needs a CSR");
    }
    Certificates.Issued issued = certificates.renew(callers.current(), id, renew.csr());
    return Created.at(uri, "certificates", issued.certificate().id(), issued).build();
  }
}
