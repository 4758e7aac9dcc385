package dev.pca.crypto.x509;

import java.io.IOException;
import java.io.OutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jcajce.io.OutputStreamFactory;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * Verifies RSASSA-PSS with the JCA name "RSASSA-PSS" and explicit parameters. Bouncy Castle's
 * {@code JcaContentVerifierProviderBuilder} asks for "SHA256WITHRSASSA-PSS", which only the BC
 * provider (and SunPKCS11) has: the JDK's SunRsaSign knows PSS under that one generic name.
 */
final class PssVerifierProvider implements ContentVerifierProvider {
  private static final String PSS = "RSASSA-PSS";

  private final PublicKey key;
  private final Provider provider;

  PssVerifierProvider(PublicKey key, Provider provider) {
    this.key = key;
    this.provider = provider;
  }

  @Override
  public boolean hasAssociatedCertificate() {
    return false;
  }

  @Override
  public X509CertificateHolder getAssociatedCertificate() {
    return null;
  }

  @Override
  public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
    try {
      Signature signature =
          provider == null ? Signature.getInstance(PSS) : Signature.getInstance(PSS, provider);
      AlgorithmParameters parameters = AlgorithmParameters.getInstance(PSS);
      parameters.init(algorithm.getParameters().toASN1Primitive().getEncoded());
      signature.setParameter(parameters.getParameterSpec(PSSParameterSpec.class));
      signature.initVerify(key);
      return new Verifier(algorithm, signature, OutputStreamFactory.createStream(signature));
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new OperatorCreationException("RSASSA-PSS cannot be verified here", e);
    }
  }

  private record Verifier(AlgorithmIdentifier algorithm, Signature signature, OutputStream stream)
      implements ContentVerifier {
    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
      return stream;
    }

    @Override
    public boolean verify(byte[] expected) {
      try {
        return signature.verify(expected);
      } catch (SignatureException e) {
        throw new RuntimeOperatorException("the signature is malformed", e);
      }
    }
  }
}
