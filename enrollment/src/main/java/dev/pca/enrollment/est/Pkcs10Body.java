package dev.pca.enrollment.est;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The body of simpleenroll, simplereenroll and serverkeygen: "the base64-encoded PKCS#10
 * certification request" (RFC 7030 section 4.2.1; RFC 8951 section 3: always base64, whatever
 * Content-Transfer-Encoding says). Line breaks and PEM armour, which command-line clients send, are
 * tolerated, and so is raw DER; the request itself is the core's to judge.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030#section-4.2.1">RFC 7030 section 4.2.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8951#section-3">RFC 8951 section 3</a>
 */
final class Pkcs10Body {
  static final String CONTENT_TYPE = "application/pkcs10";

  private static final byte DER_SEQUENCE = 0x30;

  private Pkcs10Body() {}

  /** The DER of the request in {@code body}. */
  static byte[] decode(byte[] body) throws EstError {
    if (body.length == 0) {
      throw malformed();
    }
    String text = new String(body, StandardCharsets.ISO_8859_1);
    StringBuilder base64 = new StringBuilder(text.length());
    for (String line : text.split("\r?\n")) {
      if (!line.startsWith("-----")) {
        base64.append(line.strip());
      }
    }
    try {
      byte[] der = Base64.getDecoder().decode(base64.toString());
      if (der.length > 0) {
        return der;
      }
    } catch (IllegalArgumentException e) {
      // Not base64: a client that sends binary DER anyway is taken at its word.
      if (body[0] == DER_SEQUENCE) {
        return body;
      }
    }
    throw malformed();
  }

  private static EstError malformed() {
    return EstError.badRequest("The body is not a base64 PKCS#10 certification request.");
  }
}
