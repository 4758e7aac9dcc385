package dev.pca.enrollment.est;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The answer to serverkeygen: a {@code multipart/mixed} body whose first part is the private key
 * and whose second is the certificate. "If additional encryption is not being employed, the private
 * key data MUST be placed in an "application/pkcs8" part ... base64-encoded DER-encoded
 * PrivateKeyInfo with a Content-Transfer-Encoding of "base64"", and the certificate part is the
 * certs-only message of a simpleenroll answer.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030#section-4.4.2">RFC 7030 section 4.4.2</a>
 */
record ServerKeyGenResponse(String boundary, byte[] body) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The answer for a PKCS#8 private key and the certs-only message of its certificate. */
  static ServerKeyGenResponse of(byte[] pkcs8, byte[] certsOnly) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    // Base64 has no '-': no line of a part can look like the boundary.
    String boundary = "est-" + HexFormat.of().formatHex(nonce);
    String body =
        part(boundary, "application/pkcs8", pkcs8)
            + part(boundary, CertsOnly.CONTENT_TYPE, certsOnly)
            + "--"
            + boundary
            + "--\r\n";
    return new ServerKeyGenResponse(boundary, body.getBytes(StandardCharsets.US_ASCII));
  }

  String contentType() {
    return "multipart/mixed; boundary=" + boundary;
  }

  private static String part(String boundary, String contentType, byte[] content) {
    return "--"
        + boundary
        + "\r\nContent-Type: "
        + contentType
        + "\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + Base64Text.of(content)
        + "\r\n";
  }
}
