package dev.pca.enrollment.est;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/**
 * The "certs-only" CMS message ({@code application/pkcs7-mime; smime-type=certs-only}): a
 * SignedData without content or signers that carries certificates, EST's answer to cacerts and to a
 * successful enrollment (the Simple PKI Response of RFC 5272).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030#section-4.1.3">RFC 7030 section 4.1.3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030#section-4.2.3">RFC 7030 section 4.2.3</a>
 */
final class CertsOnly {
  static final String CONTENT_TYPE = "application/pkcs7-mime; smime-type=certs-only";

  private CertsOnly() {}

  /** The DER of a certs-only SignedData carrying {@code certificates} in this order. */
  static byte[] of(List<X509Certificate> certificates) {
    try {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      for (X509Certificate certificate : certificates) {
        generator.addCertificate(new JcaX509CertificateHolder(certificate));
      }
      return generator.generate(new CMSAbsentContent()).getEncoded(ASN1Encoding.DER);
    } catch (CMSException | CertificateEncodingException | IOException e) {
      throw new IllegalStateException("cannot encode a certs-only SignedData", e);
    }
  }
}
