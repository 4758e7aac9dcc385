package dev.pca.enrollment.acme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * "A key authorization is a string that concatenates the token for the challenge with a key
 * fingerprint, separated by a '.' character": keyAuthorization = token || '.' ||
 * base64url(Thumbprint(accountKey)).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-8.1">RFC 8555 section 8.1</a>
 */
final class KeyAuthorization {
  /** A token is base64url; anything else never goes into a URL or a comparison. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");

  private KeyAuthorization() {}

  static String of(String token, String thumbprint) {
    return token + "." + thumbprint;
  }

  static boolean validToken(String token) {
    return token != null && TOKEN.matcher(token).matches();
  }

  /** SHA-256 of the key authorization, as dns-01 and tls-alpn-01 prove it. */
  static byte[] digest(String keyAuthorization) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(keyAuthorization.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
