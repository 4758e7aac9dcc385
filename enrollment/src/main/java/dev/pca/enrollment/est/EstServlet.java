package dev.pca.enrollment.est;

import dev.pca.application.Actor;
import dev.pca.application.CaException;
import dev.pca.application.Certificates;
import dev.pca.application.Enrollments;
import dev.pca.application.Enrollments.Endpoint;
import dev.pca.application.Enrollments.Outcome;
import dev.pca.application.Enrollments.Proof;
import dev.pca.application.IssuerDirectory;
import dev.pca.application.Templates;
import dev.pca.domain.policy.TemplateSpec;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * EST transport: parses the path, authenticates the device as its profile says, asks the core,
 * encodes. The label names an EST enrollment profile; a path without one means the profile named
 * {@value EstPath#DEFAULT_LABEL}. Errors are an HTTP status with a short text body (RFC 7030
 * section 4.2.3), mapped in {@link EstError}; internals never reach the client.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030">RFC 7030</a>
 */
@WebServlet("/.well-known/est/*")
public class EstServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(EstServlet.class.getName());

  /** An RSA-4096 CSR in base64 is some 2 KiB; this bounds what is read. */
  static final int MAX_BODY = 64 * 1024;

  /** How long a device waits before it repeats a request that waits for a person's approval. */
  static final int PENDING_RETRY_SECONDS = 60;

  private static final String CLIENT_CERTIFICATE = "jakarta.servlet.request.X509Certificate";

  @EJB private IssuerDirectory issuers;
  @EJB private Enrollments enrollments;
  @EJB private Templates templates;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve("GET", request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve("POST", request, response);
  }

  private void serve(String method, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      Optional<EstPath> path = EstPath.parse(request.getPathInfo());
      if (!request.isSecure()) {
        text(response, 403, "EST is served over TLS only: use https.");
      } else if (path.isEmpty()) {
        text(response, 404, "No such EST operation.");
      } else if (!method.equals(path.get().method())) {
        response.setHeader("Allow", path.get().method());
        text(response, 405, "Use " + path.get().method() + " for " + path.get().operation() + ".");
      } else {
        operation(path.get(), request, response);
      }
    } catch (EstError e) {
      e.write(response);
    } catch (CaException e) {
      EstError.of(e, false).write(response);
    } catch (Exception e) {
      String correlation = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "EST request failed, correlation id " + correlation, e);
      text(
          response,
          500,
          "The EST request could not be served (correlation id " + correlation + ").");
    }
  }

  private void operation(EstPath path, HttpServletRequest request, HttpServletResponse response)
      throws IOException, EstError, CaException {
    switch (path.operation()) {
      case "cacerts" -> caCerts(path.label(), response);
      case "csrattrs" -> csrAttrs(path.label(), device(path.label(), request), response);
      default -> enroll(path, request, response);
    }
  }

  /**
   * RFC 7030 4.1.3: a certs-only CMS, base64, of the CA chain of the label's profile; a label that
   * names no profile may name published issuers.
   */
  private void caCerts(String label, HttpServletResponse response) throws IOException, CaException {
    List<X509Certificate> certificates;
    try {
      certificates = enrollments.endpoint(label, Enrollments.Protocol.EST).caChain();
    } catch (CaException e) {
      if (e.reason() != CaException.Reason.NOT_FOUND) {
        throw e;
      }
      certificates = issuers.caCertificates(label);
    }
    if (certificates.isEmpty()) {
      text(response, 404, "No CA certificates are published for the EST label '" + label + "'.");
      return;
    }
    base64(response, CertsOnly.CONTENT_TYPE, CertsOnly.of(certificates));
  }

  /**
   * RFC 7030 4.5: the key types the profile's template allows. "The EST server SHOULD NOT require
   * client authentication or authorization to reply to this request."
   */
  private void csrAttrs(String label, Actor device, HttpServletResponse response)
      throws IOException, CaException {
    Endpoint endpoint = enrollments.endpoint(label, Enrollments.Protocol.EST);
    TemplateSpec spec = templates.get(device, endpoint.templateId()).spec();
    base64(response, CsrAttrs.CONTENT_TYPE, CsrAttrs.of(spec.limits().allowedKeys()));
  }

  /** simpleenroll (4.2.1), simplereenroll (4.2.2) and serverkeygen (4.4). */
  private void enroll(EstPath path, HttpServletRequest request, HttpServletResponse response)
      throws IOException, EstError, CaException {
    Endpoint endpoint = enrollments.endpoint(path.label(), Enrollments.Protocol.EST);
    byte[] csr = csr(request);
    boolean renewal = path.operation().equals("simplereenroll");
    // "simplereenroll ... MUST be authenticated by the current certificate" via TLS.
    Proof proof =
        renewal ? Proof.certificate(clientCertificate(request)) : proof(endpoint, request);
    Actor device = device(endpoint.name(), request);
    try {
      if (path.operation().equals("serverkeygen")) {
        Enrollments.KeyOutcome made =
            enrollments.enrollWithServerKey(device, endpoint.profileId(), proof, csr);
        ServerKeyGenResponse answer =
            ServerKeyGenResponse.of(
                made.privateKey(), CertsOnly.of(List.of(certificate(made.outcome().issued()))));
        response.setHeader("Cache-Control", "no-store");
        write(response, answer.contentType(), answer.body());
        return;
      }
      String retryId = endpoint.manualApproval() ? RetryId.of(path.operation(), csr, proof) : null;
      answer(
          enrollments.enroll(
              device, endpoint.profileId(), proof, csr, retryId, renewal, outcome -> outcome),
          response);
    } catch (CaException e) {
      throw EstError.of(e, proof.username() != null);
    }
  }

  /** 200 with the certificate, 202 while a person decides, 403 once one has refused. */
  private static void answer(Outcome outcome, HttpServletResponse response)
      throws IOException, EstError {
    switch (outcome.request().status()) {
      case ISSUED ->
          base64(
              response,
              CertsOnly.CONTENT_TYPE,
              CertsOnly.of(List.of(certificate(outcome.issued()))));
      case PENDING -> {
        // "The server MUST include a Retry-After header as defined for HTTP 503 responses." The
        // body stays empty: Bouncy Castle's EST client fails on a 202 that has one.
        response.setHeader("Retry-After", Integer.toString(PENDING_RETRY_SECONDS));
        empty(response, 202);
      }
      case REJECTED -> throw EstError.rejected(outcome.request().reason());
    }
  }

  /** How the device proves itself to a profile for simpleenroll and serverkeygen. */
  private static Proof proof(Endpoint endpoint, HttpServletRequest request) throws EstError {
    return switch (endpoint.authentication()) {
      case HTTP_BASIC ->
          BasicCredentials.parse(request.getHeader("Authorization"))
              .map(credentials -> Proof.basic(credentials.username(), credentials.password()))
              .orElseThrow(EstError::basicChallenge);
      case CLIENT_CERTIFICATE -> Proof.certificate(clientCertificate(request));
      default ->
          throw new IllegalStateException(
              "an EST profile authenticates " + endpoint.authentication());
    };
  }

  /**
   * The certificate the device presented in the TLS handshake, whose key it proved to hold; null
   * when it presented none. The listener lets any chain through: the core judges it.
   */
  private static X509Certificate clientCertificate(HttpServletRequest request) {
    return request.getAttribute(CLIENT_CERTIFICATE) instanceof X509Certificate[] chain
            && chain.length > 0
        ? chain[0]
        : null;
  }

  /** The PKCS#10 request of the body, as DER. */
  private static byte[] csr(HttpServletRequest request) throws IOException, EstError {
    String type = request.getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(Pkcs10Body.CONTENT_TYPE)) {
      throw EstError.of(415, "Send the certification request as " + Pkcs10Body.CONTENT_TYPE + ".");
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw EstError.of(413, "A certification request has at most " + MAX_BODY + " bytes.");
    }
    return Pkcs10Body.decode(body);
  }

  private static Actor device(String label, HttpServletRequest request) {
    return new Actor("est:" + label, request.getRemoteAddr());
  }

  private static X509Certificate certificate(Certificates.Issued issued) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(issued.pem().getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the core issued a certificate that does not parse", e);
    }
  }

  /** A DER answer, base64 as RFC 7030 has all its bodies (RFC 8951 section 3). */
  private static void base64(HttpServletResponse response, String contentType, byte[] der)
      throws IOException {
    response.setHeader("Content-Transfer-Encoding", "base64");
    write(response, contentType, Base64Text.of(der).getBytes(StandardCharsets.US_ASCII));
  }

  private static void write(HttpServletResponse response, String contentType, byte[] body)
      throws IOException {
    response.setStatus(200);
    response.setContentType(contentType);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static void empty(HttpServletResponse response, int status) {
    response.setStatus(status);
    response.setContentLength(0);
  }

  static void text(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().println(message);
  }
}
