package dev.pca.application.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Values of native query results, read the same way whichever Java type the driver chose. */
final class NativeValues {
  private NativeValues() {}

  /** A timestamp column's value as an instant; null stays null. */
  static Instant instant(Object value) {
    if (value == null || value instanceof Instant) {
      return (Instant) value;
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    throw new IllegalStateException("not a time: " + value.getClass());
  }
}
