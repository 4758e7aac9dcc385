package dev.pca.ocsp;

import java.time.Instant;

/**
 * What the database says of one certificate: good, revoked (with the time, the RFC 5280 reason
 * code, and the invalidity date when known; a hold is revoked with certificateHold) or unknown.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#section-2.2">RFC 6960 section 2.2</a>
 */
record Status(Kind kind, Instant revokedAt, int reason, Instant invalidityDate) {
  enum Kind {
    GOOD,
    REVOKED,
    UNKNOWN
  }

  /** CRLReason certificateHold (RFC 5280 section 5.3.1). */
  static final int CERTIFICATE_HOLD = 6;

  static final Status GOOD = new Status(Kind.GOOD, null, 0, null);
  static final Status UNKNOWN = new Status(Kind.UNKNOWN, null, 0, null);

  static Status revoked(Instant at, int reason, Instant invalidityDate) {
    return new Status(Kind.REVOKED, at, reason, invalidityDate);
  }
}
