package dev.pca.enrollment.est;

import java.util.Base64;

/**
 * The base64 of EST bodies ("always base64", RFC 8951 section 3), in lines of 64 characters ended
 * by LF, as PEM has them: what {@code base64 -d} and {@code openssl base64 -d} read, where CR LF
 * line ends would trip some command-line tools.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8951#section-3">RFC 8951 section 3</a>
 */
final class Base64Text {
  private static final Base64.Encoder LINES = Base64.getMimeEncoder(64, new byte[] {'\n'});

  private Base64Text() {}

  static String of(byte[] der) {
    return LINES.encodeToString(der) + "\n";
  }
}
