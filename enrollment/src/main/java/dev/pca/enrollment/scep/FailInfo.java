package dev.pca.enrollment.scep;

/**
 * The failInfo attribute of a CertRep with pkiStatus FAILURE.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-3.2.1.4">RFC 8894 section
 *     3.2.1.4</a>
 */
public enum FailInfo {
  /** "Unrecognized or unsupported algorithm." */
  BAD_ALG(0),
  /** "Integrity check (meaning signature verification of the CMS message) failed." */
  BAD_MESSAGE_CHECK(1),
  /** "Transaction not permitted or supported." */
  BAD_REQUEST(2),
  /**
   * "The signingTime attribute from the CMS authenticatedAttributes was not sufficiently close."
   */
  BAD_TIME(3),
  /** "No certificate could be identified matching the provided criteria." */
  BAD_CERT_ID(4);

  private final int code;

  FailInfo(int code) {
    this.code = code;
  }

  public String code() {
    return Integer.toString(code);
  }
}
