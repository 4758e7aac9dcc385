package dev.pca.domain.policy;

/** Extended key usage presets with their OIDs (RFC 5280 4.2.1.12, id-kp arc 1.3.6.1.5.5.7.3). */
public enum ExtendedKeyUsage {
  TLS_SERVER("1.3.6.1.5.5.7.3.1"),
  TLS_CLIENT("1.3.6.1.5.5.7.3.2"),
  CODE_SIGNING("1.3.6.1.5.5.7.3.3"),
  EMAIL_PROTECTION("1.3.6.1.5.5.7.3.4"),
  TIME_STAMPING("1.3.6.1.5.5.7.3.8"),
  OCSP_SIGNING("1.3.6.1.5.5.7.3.9");

  private final String oid;

  ExtendedKeyUsage(String oid) {
    this.oid = oid;
  }

  /** The KeyPurposeId in dotted form. */
  public String oid() {
    return oid;
  }
}
