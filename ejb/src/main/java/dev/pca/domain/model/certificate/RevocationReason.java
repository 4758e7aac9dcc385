package dev.pca.domain.model.certificate;

/**
 * CRLReason codes of RFC 5280 section 5.3.1. removeFromCRL (8) is not a reason to revoke: it only
 * appears on delta CRLs when a hold is released.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1">RFC 5280 section 5.3.1</a>
 */
public enum RevocationReason {
  UNSPECIFIED(0),
  KEY_COMPROMISE(1),
  CA_COMPROMISE(2),
  AFFILIATION_CHANGED(3),
  SUPERSEDED(4),
  CESSATION_OF_OPERATION(5),
  CERTIFICATE_HOLD(6),
  PRIVILEGE_WITHDRAWN(9),
  AA_COMPROMISE(10);

  private final int code;

  RevocationReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static RevocationReason of(int code) {
    for (RevocationReason reason : values()) {
      if (reason.code == code) {
        return reason;
      }
    }
    throw new IllegalArgumentException("no CRLReason " + code);
  }
}
