package dev.pca.crypto.x509;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A certificate serial number as this CA makes them: positive and at most 20 octets.
 *
 * <p>RFC 5280 4.1.2.2: "The serial number MUST be a positive integer assigned by the CA to each
 * certificate." and "Conforming CAs MUST NOT use serialNumber values longer than 20 octets."
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.2">RFC 5280 4.1.2.2</a>
 */
public record Serial(BigInteger value) {
  static final int MAX_OCTETS = 20;

  public Serial {
    Objects.requireNonNull(value, "value");
    if (value.signum() <= 0) {
      throw new IllegalArgumentException("a serial number is positive");
    }
    if (value.toByteArray().length > MAX_OCTETS) {
      throw new IllegalArgumentException("a serial number is at most 20 octets");
    }
  }

  /** Lower-case hexadecimal, as {@link BigInteger#toString(int)} gives it. */
  public String hex() {
    return value.toString(16);
  }

  @Override
  public String toString() {
    return hex();
  }
}
