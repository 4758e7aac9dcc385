package dev.pca.enrollment.scep;

import dev.pca.application.CaException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * A Bouncy Castle signer whose key stays where the RA key is: it collects what CMS signs (the DER
 * of the signed attributes) and has the RA sign it in one call.
 */
final class RaContentSigner implements ContentSigner {
  private final RaKey ra;
  private final String algorithm;
  private final ByteArrayOutputStream signed = new ByteArrayOutputStream();

  RaContentSigner(RaKey ra) {
    this.ra = ra;
    this.algorithm =
        ra.certificate().getPublicKey().getAlgorithm().equals("EC")
            ? "SHA256withECDSA"
            : "SHA256withRSA";
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
  }

  @Override
  public OutputStream getOutputStream() {
    return signed;
  }

  @Override
  public byte[] getSignature() {
    try {
      return ra.sign(algorithm, signed.toByteArray());
    } catch (CaException e) {
      // ContentSigner cannot throw a checked exception; the servlet answers 500 for it.
      throw new IllegalStateException("the RA could not sign the CertRep", e);
    }
  }
}
