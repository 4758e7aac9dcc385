package dev.pca.web.rest;

import dev.pca.application.AuditLog;
import dev.pca.application.CaException;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where the REST API turns failures into RFC 9457 problem details. Refusals of the
 * core carry our own words and the rules broken; anything unexpected is logged with a correlation
 * id and answered with fixed text. Every refusal of the core is audited.
 */
@Provider
public class Problems implements ExceptionMapper<Throwable>, ContainerResponseFilter {
  public static final String MEDIA_TYPE = "application/problem+json";
  private static final Logger LOG = Logger.getLogger(Problems.class.getName());
  private static final Pattern ID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** RFC 9110 section 15.5.21; JAX-RS has no constant for it. */
  private static final Response.StatusType UNPROCESSABLE =
      new Response.StatusType() {
        @Override
        public int getStatusCode() {
          return 422;
        }

        @Override
        public Response.Status.Family getFamily() {
          return Response.Status.Family.CLIENT_ERROR;
        }

        @Override
        public String getReasonPhrase() {
          return "Unprocessable Content";
        }
      };

  private static final Map<CaException.Reason, Response.StatusType> STATUS =
      Map.of(
          CaException.Reason.NOT_FOUND, Response.Status.NOT_FOUND,
          CaException.Reason.INVALID, Response.Status.BAD_REQUEST,
          CaException.Reason.BAD_CSR, Response.Status.BAD_REQUEST,
          CaException.Reason.CONFLICT, Response.Status.CONFLICT,
          CaException.Reason.POLICY, UNPROCESSABLE,
          CaException.Reason.QUOTA_SPENT, Response.Status.CONFLICT,
          CaException.Reason.DISABLED, Response.Status.CONFLICT,
          CaException.Reason.TOKEN, Response.Status.SERVICE_UNAVAILABLE,
          CaException.Reason.FORBIDDEN, Response.Status.FORBIDDEN);

  @EJB private AuditLog audit;
  @Inject private Callers callers;
  @Context private UriInfo uri;
  @Context private jakarta.ws.rs.core.Request request;

  @Override
  public Response toResponse(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof CaException refused) {
      return refused(refused);
    }
    if (cause instanceof ConstraintViolationException invalid) {
      JsonArrayBuilder violations = Json.createArrayBuilder();
      invalid
          .getConstraintViolations()
          .forEach(
              v ->
                  violations.add(
                      Json.createObjectBuilder()
                          .add("rule", leaf(v.getPropertyPath().toString()))
                          .add("detail", v.getMessage())));
      return response(Response.Status.BAD_REQUEST, "The request is not valid.", violations, null);
    }
    if (cause instanceof jakarta.ws.rs.ProcessingException
        || cause instanceof jakarta.json.bind.JsonbException
        || cause instanceof jakarta.json.JsonException) {
      return response(
          Response.Status.BAD_REQUEST,
          "The request body is not JSON of the expected shape.",
          null,
          null);
    }
    if (cause instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
      return response(web.getResponse().getStatusInfo(), null, null, null);
    }
    String correlation = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "REST call failed, correlation id " + correlation, failure);
    return response(Response.Status.INTERNAL_SERVER_ERROR, null, null, correlation);
  }

  /**
   * Audits a refusal as the call's method and path with its ids as {@code {id}}, and the first id
   * as the object: a route's shape fits the audit log's action, a path with ids need not.
   */
  private Response refused(CaException refused) {
    String path = "/" + uri.getPath().replaceFirst("^/", "");
    Matcher id = ID.matcher(path);
    String object = id.find() ? id.group() : "-";
    String action = request.getMethod() + " " + id.replaceAll("{id}");
    try {
      audit.refusal(callers.current(), action, "request", object, refused.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a refusal could not be audited", e);
    }
    JsonArrayBuilder violations = Json.createArrayBuilder();
    refused
        .violations()
        .forEach(
            v ->
                violations.add(
                    Json.createObjectBuilder().add("rule", v.rule()).add("detail", v.detail())));
    return response(STATUS.get(refused.reason()), refused.getMessage(), violations, null);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof EJBException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String leaf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  /** Gives error answers from the runtime's own checks (roles, routing) the problem form too. */
  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() >= 400
        && !MEDIA_TYPE.equals(String.valueOf(response.getMediaType()))) {
      Response problem = response(response.getStatusInfo(), null, null, null);
      response.setEntity(problem.getEntity(), null, problem.getMediaType());
      response.getHeaders().putAll(problem.getHeaders());
    }
  }

  static Response response(Response.StatusType status, String correlation) {
    return response(status, null, null, correlation);
  }

  static Response response(
      Response.StatusType status, String detail, JsonArrayBuilder violations, String correlation) {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", status.getReasonPhrase())
            .add("status", status.getStatusCode());
    if (detail != null) {
      body.add("detail", detail);
    }
    if (violations != null) {
      var list = violations.build();
      if (!list.isEmpty()) {
        body.add("violations", list);
      }
    }
    if (correlation != null) {
      body.add("correlationId", correlation);
    }
    Response.ResponseBuilder answer =
        Response.status(status).type(MEDIA_TYPE).entity(body.build().toString());
    if (status.getStatusCode() == 401) {
      answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pca\"");
    }
    return answer.build();
  }
}
