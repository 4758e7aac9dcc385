package dev.pca.application.internal;

import dev.pca.application.CaException;
import dev.pca.crypto.x509.CertificateMaker;
import dev.pca.domain.model.issuer.Issuer;
import dev.pca.domain.model.repository.Repository;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/** What an imported CA certificate must be before its key goes onto the token. */
final class ImportChecks {
  private ImportChecks() {}

  /** A CA (RFC 5280 4.2.1.9: cA set, keyCertSign asserted) that has not expired. */
  static void requireCa(X509CertificateHolder certificate) throws CaException {
    BasicConstraints constraints = BasicConstraints.fromExtensions(certificate.getExtensions());
    KeyUsage usage = KeyUsage.fromExtensions(certificate.getExtensions());
    if (constraints == null || !constraints.isCA()) {
      throw invalid("the certificate is not a CA certificate (basicConstraints cA is not set)");
    }
    if (usage != null && !usage.hasUsages(KeyUsage.keyCertSign)) {
      throw invalid("the CA certificate's key usage does not allow keyCertSign");
    }
    if (!certificate.getNotAfter().toInstant().isAfter(Instant.now())) {
      throw invalid("the CA certificate has expired");
    }
  }

  /** A root is self-signed; an intermediate is signed by the named root of this repository. */
  static void requireSignedBy(
      X509CertificateHolder certificate, Issuer parent, Repository repository) throws CaException {
    X509CertificateHolder signer = certificate;
    if (parent != null) {
      if (!parent.repository().id().equals(repository.id()) || !parent.isRoot()) {
        throw invalid("an intermediate is imported under a root of the same repository");
      }
      try {
        signer = new X509CertificateHolder(parent.certificate());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    } else if (!certificate.getIssuer().equals(certificate.getSubject())) {
      throw invalid(
          "the certificate is not self-signed: import its root first and name it as parentId");
    }
    if (!certificate.getIssuer().equals(signer.getSubject()) || !verifies(certificate, signer)) {
      throw invalid("the certificate's signature does not verify with its issuer's key");
    }
  }

  private static boolean verifies(X509CertificateHolder certificate, X509CertificateHolder signer) {
    try {
      return certificate.isSignatureValid(
          new JcaContentVerifierProviderBuilder().build(Signing.x509(signer).getPublicKey()));
    } catch (CertException | OperatorCreationException e) {
      return false;
    }
  }

  static byte[] subjectKeyId(X509CertificateHolder certificate) {
    SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(certificate.getExtensions());
    return ski != null
        ? ski.getKeyIdentifier()
        : CertificateMaker.keyIdentifier(certificate.getSubjectPublicKeyInfo());
  }

  static Integer pathLength(X509CertificateHolder certificate) {
    BigInteger length =
        BasicConstraints.fromExtensions(certificate.getExtensions()).getPathLenConstraint();
    return length == null ? null : length.intValueExact();
  }

  private static CaException invalid(String message) {
    return new CaException(CaException.Reason.INVALID, message);
  }
}
