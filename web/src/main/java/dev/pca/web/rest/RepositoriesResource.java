package dev.pca.web.rest;

import dev.pca.application.CaException;
import dev.pca.application.Enrollments;
import dev.pca.application.Issuers;
import dev.pca.application.Repositories;
import dev.pca.application.Templates;
import dev.pca.web.Callers;
import dev.pca.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/repositories")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Repositories", description = "The unit of management; CRL and OCSP settings")
public class RepositoriesResource {
  @EJB private Repositories repositories;
  @EJB private Issuers issuers;
  @EJB private Templates templates;
  @EJB private Enrollments enrollments;
  @jakarta.ws.rs.core.Context private UriInfo uri;
  @Inject private Callers callers;

  @GET
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "All repositories")
  public List<Repositories.View> list() {
    return repositories.list(callers.current());
  }

  @GET
  @Path("{id}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "One repository")
  public Repositories.View get(@PathParam("id") UUID id) throws CaException {
    return repositories.get(callers.current(), id);
  }

  @POST
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Create a repository")
  public Response create(Repositories.Draft draft) throws CaException {
    Repositories.View created = repositories.create(callers.current(), draft);
    return Created.at(uri, "repositories", created.id(), created).build();
  }

  @PUT
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Rename a repository or change its CRL and OCSP settings")
  public Repositories.View change(@PathParam("id") UUID id, Repositories.Draft draft)
      throws CaException {
    return repositories.change(callers.current(), id, draft);
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Delete an empty repository")
  public Response delete(@PathParam("id") UUID id) throws CaException {
    repositories.delete(callers.current(), id);
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/issuers")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "The issuers of a repository")
  public List<Issuers.View> issuers(@PathParam("id") UUID repository) throws CaException {
    return issuers.list(callers.current(), repository);
  }

  @POST
  @Path("{id}/issuers")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Create a root CA: a key on the token and a self-signed certificate")
  public Response createRoot(@PathParam("id") UUID repository, Issuers.Draft draft)
      throws CaException {
    Issuers.View root = issuers.createRoot(callers.current(), repository, draft);
    return Created.at(uri, "issuers", root.id(), root).build();
  }

  @POST
  @Path("{id}/issuers/import")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Import an existing CA: its certificate and private key, PEM or PKCS#12")
  public Response importCa(@PathParam("id") UUID repository, Issuers.ImportDraft draft)
      throws CaException {
    Issuers.View imported = issuers.importCa(callers.current(), repository, draft);
    return Created.at(uri, "issuers", imported.id(), imported).build();
  }

  @GET
  @Path("{id}/templates")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "The templates of a repository")
  public List<Templates.View> templates(@PathParam("id") UUID repository) throws CaException {
    return templates.list(callers.current(), repository);
  }

  @POST
  @Path("{id}/templates")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Create a template")
  public Response createTemplate(@PathParam("id") UUID repository, Templates.Draft draft)
      throws CaException {
    Templates.View created = templates.create(callers.current(), repository, draft);
    return Created.at(uri, "templates", created.id(), created).build();
  }

  @GET
  @Path("{id}/enrollment-profiles")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "The SCEP and EST profiles of a repository")
  public List<Enrollments.View> list(@PathParam("id") UUID repository) throws CaException {
    return enrollments.list(callers.current(), repository);
  }

  @POST
  @Path("{id}/enrollment-profiles")
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary = "Create a SCEP or EST profile",
      description =
          "A CHALLENGE or HTTP_BASIC profile's secret is in the answer, this once. A SCEP profile"
              + " gets an RA key on the token and a certificate for it from its issuer.")
  public Response create(@PathParam("id") UUID repository, Enrollments.Draft draft)
      throws CaException {
    Enrollments.Created created = enrollments.create(callers.current(), repository, draft);
    return Created.at(uri, "enrollment-profiles", created.profile().id(), created).build();
  }

  @GET
  @Path("{id}/enrollment-requests")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "Device requests of a repository, newest first (status PENDING to approve)")
  public List<Enrollments.Request> requests(
      @PathParam("id") UUID repository,
      @QueryParam("status") String status,
      @QueryParam("limit") @DefaultValue("100") int limit)
      throws CaException {
    Enrollments.Status wanted = null;
    if (status != null && !status.isBlank()) {
      try {
        wanted = Enrollments.Status.valueOf(status.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CaException(
            CaException.Reason.INVALID, "status is PENDING, ISSUED or REJECTED, not " + status);
      }
    }
    return enrollments.requests(callers.current(), repository, wanted, limit);
  }
}
