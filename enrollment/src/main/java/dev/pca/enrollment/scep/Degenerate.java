package dev.pca.enrollment.scep;

import dev.pca.crypto.x509.Pem;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/**
 * "Degenerate" certificates-only CMS SignedData, no signer: how SCEP carries certificates and CRLs
 * (GetCACert, and the content of a successful CertRep).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-3.4">RFC 8894 section 3.4</a>
 */
final class Degenerate {
  private Degenerate() {}

  static byte[] certificates(List<X509Certificate> certificates) {
    try {
      List<X509CertificateHolder> holders = new ArrayList<>();
      for (X509Certificate certificate : certificates) {
        holders.add(new JcaX509CertificateHolder(certificate));
      }
      return Pem.pkcs7(holders);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode a certificates-only SignedData", e);
    }
  }

  /**
   * One certificate, from its DER or its PEM: the certificate the core issued, carried as it came,
   * without parsing it into a JDK certificate first.
   */
  static byte[] certificate(byte[] derOrPem) {
    try {
      return Pem.pkcs7(List.of(Pem.parseCertificate(derOrPem)));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the core returned no certificate", e);
    }
  }

  static byte[] crl(byte[] crl) {
    try {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addCRL(new X509CRLHolder(crl));
      return generator.generate(new CMSAbsentContent()).getEncoded(ASN1Encoding.DER);
    } catch (CMSException | IOException e) {
      throw new IllegalStateException("cannot encode a CRL-only SignedData", e);
    }
  }
}
