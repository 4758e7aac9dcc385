package dev.pca.application.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The random values of ACME (token key ids and HMAC keys, challenge tokens) and the check of an
 * external account binding's MAC.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4">RFC 8555 section 7.3.4</a>
 */
final class AcmeSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private AcmeSecrets() {}

  /**
   * A token's key id: 22 base64url characters of random bits, never starting with '-' (see {@link
   * #commandLineSafe}).
   */
  static String newKeyId() {
    return BASE64URL.encodeToString(commandLineSafe(16));
  }

  /**
   * A token's HMAC key: 256 bits (RFC 7518 section 3.2: at least the hash's size), whose base64url
   * text does not start with '-' (see {@link #commandLineSafe}).
   */
  static byte[] newHmacKey() {
    return commandLineSafe(32);
  }

  /**
   * Random bytes whose base64url text does not start with '-'. Key ids and HMAC keys are typed into
   * command lines, and option parsers (certbot's argparse among them) read {@code --eab-kid -Uv...}
   * as an option without its value: one token in 32 failed so. A first character of 62 is '-', and
   * drawing again costs under 0.03 bits of the key's entropy.
   */
  private static byte[] commandLineSafe(int bytes) {
    byte[] value;
    do {
      value = random(bytes);
    } while ((value[0] & 0xff) >>> 2 == 62);
    return value;
  }

  /**
   * A challenge token: RFC 8555 section 8.3 "It MUST NOT contain any characters outside the
   * base64url alphabet ... This value SHOULD have at least 128 bits of entropy." 256 bits, 43
   * characters.
   */
  static String newChallengeToken() {
    return BASE64URL.encodeToString(random(32));
  }

  static String base64url(byte[] bytes) {
    return BASE64URL.encodeToString(bytes);
  }

  /** The JCA name of the MAC a JWS "alg" names, or null for one an EAB may not use. */
  static String macAlgorithm(String jwsAlgorithm) {
    if (jwsAlgorithm == null) {
      return null;
    }
    return switch (jwsAlgorithm) {
      case "HS256" -> "HmacSHA256";
      case "HS384" -> "HmacSHA384";
      case "HS512" -> "HmacSHA512";
      default -> null;
    };
  }

  /**
   * Whether {@code mac} is the MAC of {@code signingInput} under {@code key}, compared in constant
   * time.
   *
   * @throws IllegalArgumentException for an algorithm other than HS256, HS384 and HS512
   */
  static boolean macVerifies(byte[] key, String jwsAlgorithm, byte[] signingInput, byte[] mac) {
    String algorithm = macAlgorithm(jwsAlgorithm);
    if (algorithm == null) {
      throw new IllegalArgumentException("not an HMAC algorithm of JWS: " + jwsAlgorithm);
    }
    if (signingInput == null || mac == null) {
      return false;
    }
    try {
      Mac hmac = Mac.getInstance(algorithm);
      hmac.init(new SecretKeySpec(key, algorithm));
      return MessageDigest.isEqual(hmac.doFinal(signingInput), mac);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return value;
  }
}
