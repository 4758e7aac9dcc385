package dev.pca.web.rest;

import dev.pca.application.AuditLog;
import dev.pca.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
@Tag(name = "Audit", description = "The tamper-evident audit log")
public class AuditResource {
  @EJB private AuditLog audit;

  @GET
  @Operation(summary = "Audit events, newest first; page with before=<seq of the last one seen>")
  public List<AuditLog.Event> find(
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("objectType") String objectType,
      @QueryParam("objectId") String objectId,
      @QueryParam("from") Instant from,
      @QueryParam("to") Instant to,
      @QueryParam("before") Long before,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return audit.find(
        new AuditLog.Filter(actor, action, objectType, objectId, from, to), before, limit);
  }

  @POST
  @Path("verify")
  @Operation(summary = "Recompute the hash chain over every event")
  public AuditLog.Verification verify() {
    return audit.verify();
  }
}
