package dev.pca.enrollment.scep;

import dev.pca.application.Actor;
import dev.pca.application.CaException;
import dev.pca.application.Enrollments;
import dev.pca.application.Enrollments.Endpoint;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * SCEP transport: GetCACaps, GetCACert and PKIOperation (GET with a base64 message, or POST with
 * the binary one) for the profile the path names. A request the server can answer is answered with
 * a CertRep, failures included; HTTP errors are for transport faults only (an unknown profile,
 * bytes that are no pkiMessage), with a short text and never internals.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-4">RFC 8894 section 4</a>
 */
@WebServlet("/scep/*")
public class ScepServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(ScepServlet.class.getName());

  /** A pkiMessage with an RSA-4096 CSR and certificate is some 5 KiB; this bounds what is read. */
  static final int MAX_MESSAGE = 64 * 1024;

  @EJB private Enrollments enrollments;
  @Resource private transient ManagedExecutorService executor;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve(request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve(request, response);
  }

  private void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try {
      Optional<ScepPath> path = ScepPath.parse(request.getPathInfo());
      String operation = parameter(request, "operation");
      if (path.isEmpty()) {
        text(response, 404, "No such SCEP path: use /scep/{profile}.");
      } else if (operation == null) {
        text(response, 400, "Name the SCEP operation in the 'operation' parameter.");
      } else {
        serve(
            operation,
            enrollments.endpoint(path.get().profile(), Enrollments.Protocol.SCEP),
            request,
            response);
      }
    } catch (MalformedMessage e) {
      LOG.log(Level.FINE, "not a pkiMessage", e);
      text(response, 400, "The message is not a SCEP pkiMessage.");
    } catch (CaException e) {
      switch (e.reason()) {
        case NOT_FOUND -> text(response, 404, "No SCEP profile of this name.");
        case DISABLED -> text(response, 403, "This SCEP profile is disabled.");
        default -> internalError(response, e);
      }
    } catch (Exception e) {
      internalError(response, e);
    }
  }

  private void serve(
      String operation, Endpoint endpoint, HttpServletRequest request, HttpServletResponse response)
      throws IOException, MalformedMessage, CaException {
    switch (operation) {
      case "GetCACaps" ->
          text(
              response, 200, String.join("\n", new Algorithms(endpoint.allowDes()).capabilities()));
      case "GetCACert" -> {
        List<X509Certificate> certificates = new ArrayList<>();
        certificates.add(endpoint.raCertificate());
        certificates.addAll(endpoint.caChain());
        write(response, "application/x-x509-ca-ra-cert", Degenerate.certificates(certificates));
      }
      case "PKIOperation" -> {
        byte[] message = message(request, response);
        if (message != null) {
          Actor device = new Actor("scep:" + endpoint.name(), request.getRemoteAddr());
          write(
              response,
              "application/x-pki-message",
              new PkiOperation(enrollments, endpoint, device, Clock.systemUTC(), executor)
                  .answer(message));
        }
      }
      default ->
          text(response, 400, "Unknown SCEP operation; use GetCACaps, GetCACert or PKIOperation.");
    }
  }

  /**
   * The pkiMessage: the POST body, or the GET's base64 {@code message} parameter. Null when too
   * large, with 413 answered.
   */
  private static byte[] message(HttpServletRequest request, HttpServletResponse response)
      throws IOException, MalformedMessage {
    byte[] message;
    if (request.getMethod().equals("POST")) {
      try (InputStream body = request.getInputStream()) {
        message = body.readNBytes(MAX_MESSAGE + 1);
      }
    } else {
      String encoded = parameter(request, "message");
      if (encoded == null) {
        throw new MalformedMessage("no message parameter");
      }
      try {
        // A '+' that a client did not escape arrives as a space; line breaks are tolerated.
        message = Base64.getDecoder().decode(encoded.replace(' ', '+').replaceAll("[\\r\\n]", ""));
      } catch (IllegalArgumentException e) {
        throw new MalformedMessage("the message is not base64", e);
      }
    }
    if (message.length > MAX_MESSAGE) {
      text(response, 413, "A pkiMessage has at most " + MAX_MESSAGE + " bytes.");
      return null;
    }
    return message;
  }

  /**
   * A query parameter, read from the query string only: {@code getParameter} would read a POST body
   * sent as a form, which here is the binary pkiMessage.
   */
  private static String parameter(HttpServletRequest request, String name) throws MalformedMessage {
    String query = request.getQueryString();
    if (query == null || query.length() > 4 * MAX_MESSAGE) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      if (key.equals(name)) {
        try {
          return equals < 0
              ? ""
              : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new MalformedMessage("the query string is not URL-encoded", e);
        }
      }
    }
    return null;
  }

  private static void internalError(HttpServletResponse response, Exception e) throws IOException {
    String correlation = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "SCEP request failed, correlation id " + correlation, e);
    text(
        response,
        500,
        "The SCEP request could not be served (correlation id " + correlation + ").");
  }

  private static void write(HttpServletResponse response, String contentType, byte[] body)
      throws IOException {
    response.setStatus(200);
    response.setContentType(contentType);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static void text(HttpServletResponse response, int status, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().println(message);
  }
}
