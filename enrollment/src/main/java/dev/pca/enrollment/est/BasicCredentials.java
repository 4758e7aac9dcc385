package dev.pca.enrollment.est;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The user name and password of an {@code Authorization: Basic} header.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7617#section-2">RFC 7617 section 2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030#section-3.2.3">RFC 7030 section 3.2.3</a>
 */
record BasicCredentials(String username, String password) {
  /** The credentials of the header, empty when it is absent, of another scheme, or malformed. */
  static Optional<BasicCredentials> parse(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // "the user-id ... cannot contain a colon" (RFC 7617): the password may.
    int colon = decoded.indexOf(':');
    return colon < 0
        ? Optional.empty()
        : Optional.of(
            new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  @Override
  public String toString() {
    return "BasicCredentials[username=" + username + "]";
  }
}
