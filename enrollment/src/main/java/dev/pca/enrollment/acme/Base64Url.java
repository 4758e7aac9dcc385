package dev.pca.enrollment.acme;

import java.util.Base64;

/**
 * base64url without padding, as every binary field of JOSE and ACME is: "trailing '=' characters
 * MUST be removed" and no other characters may appear.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7515#section-2">RFC 7515 section 2</a>
 */
final class Base64Url {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Base64Url() {}

  static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /**
   * The bytes of unpadded base64url text.
   *
   * @throws IllegalArgumentException for padding or characters outside the alphabet
   */
  static byte[] decode(String text) {
    if (text.indexOf('=') >= 0) {
      throw new IllegalArgumentException("base64url padding");
    }
    return DECODER.decode(text);
  }
}
