package dev.pca.ocsp;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Serves CA certificates where certificates' authorityInfoAccess caIssuers points: {@code
 * /ca/{label}.crt} as DER (application/pkix-cert, RFC 2585 section 4.1) and {@code .pem}. A CA
 * certificate never changes, so caches may keep it for a day.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.2.2.1">RFC 5280 section
 *     4.2.2.1</a>
 */
@WebServlet("/ca/*")
public class CaCertificateServlet extends HttpServlet {
  private static final Pattern PATH = Pattern.compile("/([a-z0-9][a-z0-9-]{0,63})\\.(crt|pem)");
  private static final String DER_TYPE = "application/pkix-cert";
  private static final long MAX_AGE = 86400;

  @Resource(lookup = "java:jboss/datasources/PcaDS")
  private DataSource database;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!CrlServlet.onlyGetOrHead(request, response)) {
      return;
    }
    Matcher path = PATH.matcher(request.getPathInfo() == null ? "" : request.getPathInfo());
    if (!path.matches()) {
      CrlServlet.plain(
          response, 404, "no such CA certificate: they are at /pki/ca/{label}.crt or .pem");
      return;
    }
    String label = path.group(1);
    boolean pem = path.group(2).equals("pem");
    byte[] der;
    try {
      der = certificate(label);
    } catch (SQLException e) {
      CrlServlet.unavailable(response, "CA certificate " + label, e);
      return;
    }
    if (der == null) {
      CrlServlet.plain(response, 404, "no issuer is labelled " + label);
      return;
    }
    byte[] body = pem ? pem(der) : der;
    String etag = "\"" + fingerprint(der) + (pem ? "-pem" : "") + "\"";
    response.setHeader("ETag", etag);
    response.setHeader("Cache-Control", "public, max-age=" + MAX_AGE);
    String noneMatch = request.getHeader("If-None-Match");
    if (noneMatch != null && (noneMatch.contains(etag) || noneMatch.strip().equals("*"))) {
      response.setStatus(304);
      return;
    }
    response.setStatus(200);
    response.setContentType(pem ? CrlServlet.PEM_TYPE : DER_TYPE);
    response.setContentLength(body.length);
    if (!request.getMethod().equals("HEAD")) {
      response.getOutputStream().write(body);
    }
  }

  private byte[] certificate(String label) throws SQLException {
    try (Connection c = database.getConnection();
        PreparedStatement query =
            c.prepareStatement("select certificate from issuer where label = ?")) {
      query.setString(1, label);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getBytes(1) : null;
      }
    }
  }

  private static byte[] pem(byte[] der) {
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static String fingerprint(byte[] der) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
