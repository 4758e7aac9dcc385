package dev.pca.application.internal;

import dev.pca.application.Acme;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * ACME Renewal Information (RFC 9773): the certificate identifier clients send, and the window in
 * which the CA suggests renewing.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9773">RFC 9773</a>
 */
final class AcmeRenewal {
  /** How long a client should wait before it asks again (section 4.3, the Retry-After). */
  static final Duration RETRY_AFTER = Duration.ofHours(6);

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final int MAX_ID = 255;

  private AcmeRenewal() {}

  /** A certificate as ARI names it: its authority key identifier and serial number. */
  record CertId(byte[] authorityKeyId, BigInteger serial) {
    /** The identifier in its one form: both parts base64url without padding. */
    String text() {
      return of(authorityKeyId, serial);
    }
  }

  /**
   * Section 4.1: "the base64url-encoded [RFC4648] bytes of the keyIdentifier field of the
   * certificate's Authority Key Identifier ... a literal period ... the base64url-encoded bytes of
   * the DER encoding of the certificate's Serial Number (without the tag and length bytes)".
   */
  static String of(byte[] authorityKeyId, BigInteger serial) {
    return ENCODER.encodeToString(authorityKeyId)
        + "."
        + ENCODER.encodeToString(serial.toByteArray());
  }

  /** The parts of an ARI certificate identifier, or null when {@code id} is not one. */
  static CertId parse(String id) {
    if (id == null || id.length() > MAX_ID) {
      return null;
    }
    int dot = id.indexOf('.');
    if (dot <= 0 || dot == id.length() - 1 || id.indexOf('.', dot + 1) >= 0) {
      return null;
    }
    try {
      byte[] aki = DECODER.decode(unpadded(id.substring(0, dot)));
      byte[] serial = DECODER.decode(unpadded(id.substring(dot + 1)));
      if (aki.length == 0 || serial.length == 0) {
        return null;
      }
      BigInteger value = new BigInteger(serial);
      return value.signum() > 0 ? new CertId(aki, value) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** RFC 9773 asks for no padding; a client that sends it anyway still means the same bytes. */
  private static String unpadded(String part) {
    return part.endsWith("=") ? part.replaceAll("=+$", "") : part;
  }

  /**
   * The suggested window: from two thirds to five sixths of the validity, so a client renews with a
   * sixth of it to spare. A revoked certificate's window lies in the past, so that its client
   * renews at once (section 4.2: a client whose chosen time has passed "SHOULD attempt renewal
   * immediately").
   */
  static Acme.RenewalInfo window(
      Instant notBefore, Instant notAfter, boolean revoked, Instant now) {
    if (revoked) {
      return new Acme.RenewalInfo(
          now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)), RETRY_AFTER);
    }
    Duration validity = Duration.between(notBefore, notAfter);
    Instant start = notBefore.plus(validity.multipliedBy(2).dividedBy(3));
    Instant end = notBefore.plus(validity.multipliedBy(5).dividedBy(6));
    if (!end.isAfter(start)) {
      end = start.plusSeconds(1);
    }
    return new Acme.RenewalInfo(start, end, RETRY_AFTER);
  }
}
