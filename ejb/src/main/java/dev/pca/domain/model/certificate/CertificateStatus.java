package dev.pca.domain.model.certificate;

/** Where a certificate stands. Expiry is read from notAfter, not stored. */
public enum CertificateStatus {
  VALID,
  ON_HOLD,
  REVOKED
}
