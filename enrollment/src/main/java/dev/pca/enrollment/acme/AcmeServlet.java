package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import dev.pca.application.Enrollments;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * ACME transport: turns the servlet request into an {@link AcmeRequest} (origin as the client
 * reached the server, path below {@code /acme}, body bounded), lets {@link AcmeEndpoint} answer,
 * and writes the answer. Nonces live here, in memory, for the life of the deployment.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555">RFC 8555</a>
 */
@WebServlet("/acme/*")
public class AcmeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @EJB private transient Acme acme;
  @EJB private transient Enrollments enrollments;
  @Resource private transient ManagedExecutorService executor;

  private transient AcmeEndpoint endpoint;

  @Override
  public void init() {
    endpoint =
        new AcmeEndpoint(
            acme,
            name -> enrollments.endpoint(name, Enrollments.Protocol.ACME),
            new Nonces(),
            new Validations(executor, acme));
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AcmeRequest acmeRequest =
        new AcmeRequest(
            request.getMethod(),
            AcmeUrls.origin(
                request.getScheme(),
                request.getHeader("Host"),
                request.getServerName(),
                request.getServerPort()),
            request.getPathInfo(),
            request.getContentType(),
            body(request),
            request.getRemoteAddr());
    write(endpoint.handle(acmeRequest), request.getMethod().equals("HEAD"), response);
  }

  /** The body of a POST, at most one byte more than the endpoint accepts. */
  private static byte[] body(HttpServletRequest request) throws IOException {
    if (!request.getMethod().equals("POST")) {
      return new byte[0];
    }
    long length = request.getContentLengthLong();
    if (length > AcmeEndpoint.MAX_BODY) {
      return new byte[AcmeEndpoint.MAX_BODY + 1];
    }
    try (InputStream in = request.getInputStream()) {
      // With a Content-Length, the container ends the stream there: read that much in one buffer.
      return in.readNBytes(length >= 0 ? (int) length : AcmeEndpoint.MAX_BODY + 1);
    }
  }

  private static void write(AcmeResponse answer, boolean head, HttpServletResponse response)
      throws IOException {
    response.setStatus(answer.status());
    for (AcmeResponse.Header header : answer.headers()) {
      response.addHeader(header.name(), header.value());
    }
    if (answer.contentType() != null) {
      response.setContentType(answer.contentType());
    }
    response.setContentLength(head ? 0 : answer.body().length);
    if (!head && answer.body().length > 0) {
      response.getOutputStream().write(answer.body());
    }
  }
}
