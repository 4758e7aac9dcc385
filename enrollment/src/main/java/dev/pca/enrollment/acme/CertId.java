package dev.pca.enrollment.acme;

import java.math.BigInteger;

/**
 * ARI's unique certificate identifier: base64url of the authority key identifier's keyIdentifier, a
 * period, and base64url of the serial number's DER INTEGER content octets.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9773#section-4.1">RFC 9773 section 4.1</a>
 */
record CertId(byte[] keyIdentifier, BigInteger serial) {
  static CertId parse(String text) throws AcmeError {
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
      throw malformed();
    }
    try {
      byte[] keyIdentifier = Base64Url.decode(text.substring(0, dot));
      byte[] serial = Base64Url.decode(text.substring(dot + 1));
      // A DER INTEGER has no needless leading octet, and a serial number is positive.
      if (keyIdentifier.length == 0
          || serial.length == 0
          || serial.length > 21
          || serial[0] < 0
          || (serial.length > 1 && serial[0] == 0 && serial[1] >= 0)) {
        throw malformed();
      }
      BigInteger number = new BigInteger(serial);
      if (number.signum() <= 0) {
        throw malformed();
      }
      return new CertId(keyIdentifier, number);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
  }

  private static AcmeError malformed() {
    return AcmeError.malformed(
        "A certificate identifier is base64url(authority key id) '.' base64url(serial number).");
  }
}
