package dev.pca.web.rest;

import dev.pca.application.CaException;
import dev.pca.application.Enrollments;
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

/** Decisions on device requests that wait for a person. */
@Path("/enrollment-requests")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Enrollment")
public class EnrollmentRequestsResource {
  /** Why a request is rejected; the device sees it when it polls. */
  public record Rejection(String reason) {}

  @EJB private Enrollments enrollments;
  @Inject private Callers callers;

  @POST
  @Path("{id}/approve")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Approve a pending request: its certificate is issued for the device")
  public Enrollments.Request approve(@PathParam("id") UUID id) throws CaException {
    return enrollments.approve(callers.current(), id);
  }

  @POST
  @Path("{id}/reject")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Reject a pending request")
  public Enrollments.Request reject(@PathParam("id") UUID id, Rejection rejection)
      throws CaException {
    return enrollments.reject(callers.current(), id, rejection == null ? null : rejection.reason());
  }
}
