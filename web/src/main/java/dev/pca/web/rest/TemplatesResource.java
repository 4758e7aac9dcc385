package dev.pca.web.rest;

import dev.pca.application.CaException;
import dev.pca.application.Templates;
import dev.pca.web.Callers;
import dev.pca.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

@Path("/templates")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Templates", description = "Limits and common settings of what may be issued")
public class TemplatesResource {
  @EJB private Templates templates;
  @Inject private Callers callers;
  @Context private UriInfo uri;

  @GET
  @Path("{id}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
  @Operation(summary = "One template")
  public Templates.View get(@PathParam("id") UUID id) throws CaException {
    return templates.get(callers.current(), id);
  }

  @PUT
  @Path("{id}")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Change a template's name, limits or settings")
  public Templates.View change(@PathParam("id") UUID id, Templates.Draft draft) throws CaException {
    return templates.change(callers.current(), id, draft);
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Delete a template that no certificate was issued under")
  public Response delete(@PathParam("id") UUID id) throws CaException {
    templates.delete(callers.current(), id);
    return Response.noContent().build();
  }
}
