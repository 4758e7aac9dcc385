package dev.pca.enrollment.scep;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * The SCEP authenticated attributes, under id-attributes (2.16.840.1.113733.1.9).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-3.2.1">RFC 8894 section 3.2.1</a>
 */
final class ScepAttributes {
  private static final ASN1ObjectIdentifier ID_ATTRIBUTES =
      new ASN1ObjectIdentifier("2.16.840.1.113733.1.9");

  static final ASN1ObjectIdentifier MESSAGE_TYPE = ID_ATTRIBUTES.branch("2");
  static final ASN1ObjectIdentifier PKI_STATUS = ID_ATTRIBUTES.branch("3");
  static final ASN1ObjectIdentifier FAIL_INFO = ID_ATTRIBUTES.branch("4");
  static final ASN1ObjectIdentifier SENDER_NONCE = ID_ATTRIBUTES.branch("5");
  static final ASN1ObjectIdentifier RECIPIENT_NONCE = ID_ATTRIBUTES.branch("6");
  static final ASN1ObjectIdentifier TRANSACTION_ID = ID_ATTRIBUTES.branch("7");

  private ScepAttributes() {}
}
