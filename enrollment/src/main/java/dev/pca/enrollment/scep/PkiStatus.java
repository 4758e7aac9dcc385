package dev.pca.enrollment.scep;

/**
 * The pkiStatus attribute of a CertRep.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-3.2.1.3">RFC 8894 section
 *     3.2.1.3</a>
 */
public enum PkiStatus {
  SUCCESS(0),
  FAILURE(2),
  PENDING(3);

  private final int code;

  PkiStatus(int code) {
    this.code = code;
  }

  public String code() {
    return Integer.toString(code);
  }
}
