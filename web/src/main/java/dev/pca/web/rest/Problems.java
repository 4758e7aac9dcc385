package dev.pca.web.rest;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where the REST API turns failures into RFC 9457 problem details: fixed text per
 * status, never an exception message; unexpected failures are logged with a correlation id that the
 * answer carries.
 */
@Provider
public class Problems implements ExceptionMapper<Throwable>, ContainerResponseFilter {
  public static final String MEDIA_TYPE = "application/problem+json";
  private static final Logger LOG = Logger.getLogger(Problems.class.getName());

  @Override
  public Response toResponse(Throwable failure) {
    if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
      return response(web.getResponse().getStatusInfo(), null);
    }
    String correlation = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "REST call failed, correlation id " + correlation, failure);
    return response(Response.Status.INTERNAL_SERVER_ERROR, correlation);
  }

  /** Gives error answers from the runtime's own checks (roles, routing) the problem form too. */
  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() >= 400
        && !MEDIA_TYPE.equals(String.valueOf(response.getMediaType()))) {
      Response problem = response(response.getStatusInfo(), null);
      response.setEntity(problem.getEntity(), null, problem.getMediaType());
      response.getHeaders().putAll(problem.getHeaders());
    }
  }

  static Response response(Response.StatusType status, String correlation) {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", status.getReasonPhrase())
            .add("status", status.getStatusCode());
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
