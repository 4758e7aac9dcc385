package dev.pca.ocsp;

import java.security.PrivateKey;
import java.security.Provider;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * One issuer as this node sees it. A served issuer has a delegated responder certificate and its
 * private key (a handle to the object on the token); every answer about its certificates is signed
 * with that key and carries that certificate, so clients can check it chains to the issuer (RFC
 * 6960 section 4.2.2.2).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#section-4.2.2.2">RFC 6960 4.2.2.2</a>
 */
final class IssuerContext {
  /** What this node says about the issuer's certificates. */
  enum Standing {
    /** Signed answers. */
    SERVED,
    /** unauthorized: OCSP is off in its repository, the issuer expired, or no key is here. */
    OFF,
    /** tryLater: OCSP is on, and the core is making its first responder certificate. */
    PENDING
  }

  private final UUID id;
  private final String label;
  private final Standing standing;
  private final Duration validity;
  private final String keyAlias;
  private final X509CertificateHolder responder;
  private final PrivateKey key;
  private final Provider provider;
  private final String algorithm;
  private final RespID responderId;
  private final X509CertificateHolder[] chain;

  private IssuerContext(
      UUID id,
      String label,
      Standing standing,
      Duration validity,
      String keyAlias,
      X509CertificateHolder responder,
      PrivateKey key,
      Provider provider) {
    this.id = Objects.requireNonNull(id);
    this.label = label;
    this.standing = standing;
    this.validity = validity;
    this.keyAlias = keyAlias;
    this.responder = responder;
    this.key = key;
    this.provider = provider;
    this.algorithm = key == null ? null : signatureAlgorithm(key);
    this.responderId = responder == null ? null : byKey(responder);
    this.chain = responder == null ? null : new X509CertificateHolder[] {responder};
  }

  /**
   * An issuer answered for with the responder certificate and its key.
   *
   * @param provider the token's provider, or null for a key in software (tests)
   */
  static IssuerContext served(
      UUID id,
      String label,
      Duration validity,
      String keyAlias,
      X509CertificateHolder responder,
      PrivateKey key,
      Provider provider) {
    return new IssuerContext(
        id,
        label,
        Standing.SERVED,
        Objects.requireNonNull(validity),
        keyAlias,
        Objects.requireNonNull(responder),
        Objects.requireNonNull(key),
        provider);
  }

  static IssuerContext unserved(UUID id, String label, Standing standing) {
    if (standing == Standing.SERVED) {
      throw new IllegalArgumentException("a served issuer has a responder key");
    }
    return new IssuerContext(id, label, standing, null, null, null, null, null);
  }

  UUID id() {
    return id;
  }

  String label() {
    return label;
  }

  Standing standing() {
    return standing;
  }

  /** nextUpdate minus thisUpdate: the repository's OCSP response validity. */
  Duration validity() {
    return validity;
  }

  String keyAlias() {
    return keyAlias;
  }

  X509CertificateHolder responder() {
    return responder;
  }

  /** The JDK name of the signature algorithm answers are signed with. */
  String algorithm() {
    return algorithm;
  }

  RespID responderId() {
    return responderId;
  }

  /** The certificates that go with each answer: the responder's own. */
  X509CertificateHolder[] chain() {
    return chain.clone();
  }

  /** A signer for one answer: content signers keep state, so each answer has its own. */
  ContentSigner signer() throws OperatorCreationException {
    JcaContentSignerBuilder builder = new JcaContentSignerBuilder(algorithm);
    if (provider != null) {
      builder.setProvider(provider);
    }
    return builder.build(key);
  }

  private static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default ->
          throw new IllegalArgumentException("no OCSP signatures with " + key.getAlgorithm());
    };
  }

  /**
   * RFC 6960 section 4.2.1: "KeyHash ::= OCTET STRING -- SHA-1 hash of responder's public key
   * (excluding the tag and length fields)". By key rather than by name: shorter, and unambiguous.
   */
  private static RespID byKey(X509CertificateHolder responder) {
    try {
      return new RespID(
          responder.getSubjectPublicKeyInfo(),
          new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1));
    } catch (OperatorCreationException | OCSPException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
