package dev.pca.application.internal;

/**
 * Where the OCSP/CRL WAR answers, as written into certificates (CDP, AIA). The public base URL is
 * the server's system property pca.public-url.
 */
final class Urls {
  private static final String BASE =
      System.getProperty("pca.public-url", "http://127.0.0.1:8080").replaceFirst("/+$", "");

  private Urls() {}

  static String ocsp() {
    return BASE + "/pki/ocsp";
  }

  static String crl(String issuerLabel) {
    return BASE + "/pki/crl/" + issuerLabel + ".crl";
  }

  /** Where the issuer's delta CRLs are, as full CRLs name it in their freshestCRL extension. */
  static String crlDelta(String issuerLabel) {
    return BASE + "/pki/crl/delta/" + issuerLabel + ".crl";
  }

  static String caCertificate(String issuerLabel) {
    return BASE + "/pki/ca/" + issuerLabel + ".crt";
  }
}
