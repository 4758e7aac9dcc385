package dev.pca.domain.policy;

import java.util.Objects;

/** One subject alternative name. */
public record San(Type type, String value) {
  /** The GeneralName choices of RFC 5280 4.2.1.6 that this CA issues. */
  public enum Type {
    /** dNSName. */
    DNS,
    /** iPAddress. */
    IP,
    /** rfc822Name. */
    EMAIL,
    /** uniformResourceIdentifier. */
    URI
  }

  public San {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }
}
