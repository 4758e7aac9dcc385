package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.CaException;
import dev.pca.crypto.KeyAlias;
import dev.pca.crypto.Token;
import dev.pca.crypto.x509.CertificateContent;
import dev.pca.crypto.x509.CertificateMaker;
import dev.pca.crypto.x509.Lint;
import dev.pca.domain.model.certificate.Certificate;
import dev.pca.domain.model.issuer.CaKey;
import dev.pca.domain.model.issuer.Issuer;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * What every issuance shares: lint the exact to-be-signed certificate, then sign it on the token
 * with the issuer's key; serials, CRL and OCSP pointers, and the record of what was issued.
 */
@Stateless
public class Signing {
  private static final SecureRandom RANDOM = new SecureRandom();

  @PersistenceContext private EntityManager em;
  @EJB private Token token;

  /** Lints, then signs; a certificate that fails the lint is never signed. */
  public X509CertificateHolder sign(
      CertificateContent content, X509CertificateHolder issuer, KeyAlias key, String algorithm)
      throws CaException {
    var identifier = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
    List<String> problems = Lint.check(CertificateMaker.preview(content, identifier), issuer);
    if (!problems.isEmpty()) {
      throw new CaException(
          CaException.Reason.POLICY,
          "the certificate failed its check before signing",
          problems.stream().map(p -> new CaException.Violation("LINT", p)).toList());
    }
    try {
      return CertificateMaker.build(content, token.contentSigner(key, algorithm));
    } catch (RuntimeOperatorException e) {
      throw new CaException(CaException.Reason.TOKEN, "the token could not sign");
    }
  }

  /** A key's type never changes, so its default algorithm is looked up once per key. */
  private static final Map<String, String> ALGORITHMS = new ConcurrentHashMap<>();

  /** The signature algorithm an issuer signs with: its key type's default. */
  public String algorithmOf(Issuer issuer) {
    return ALGORITHMS.computeIfAbsent(
        issuer.keyAlias().value(),
        alias -> em.find(CaKey.class, alias).keySpec().signatureAlgorithm());
  }

  static void requireUsable(Issuer issuer) throws CaException {
    if (!issuer.enabled()) {
      throw new CaException(
          CaException.Reason.DISABLED, "the issuer " + issuer.label() + " is disabled");
    }
    if (!issuer.notAfter().isAfter(Instant.now())) {
      throw new CaException(
          CaException.Reason.DISABLED, "the issuer " + issuer.label() + " has expired");
    }
  }

  /** Clocks differ: a certificate is valid from a little before it was signed. */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  /** What a certificate of the server's own services (OCSP responder, SCEP RA) is for. */
  record Service(
      Duration validity, int keyUsage, List<KeyPurposeId> extendedKeyUsage, boolean ocspNoCheck) {}

  /**
   * A certificate for one of the server's own keys: no CRL or OCSP pointers (nobody is to check
   * it), and a validity inside the issuer's.
   */
  static CertificateContent serviceContent(
      Issuer issuer,
      X509CertificateHolder issuerCertificate,
      PublicKey key,
      X500Name subject,
      Service service,
      Instant now) {
    Instant notBefore = now.minus(BACKDATE);
    if (notBefore.isBefore(issuer.notBefore())) {
      notBefore = issuer.notBefore();
    }
    Instant notAfter = now.plus(service.validity());
    if (notAfter.isAfter(issuer.notAfter())) {
      notAfter = issuer.notAfter();
    }
    return new CertificateContent(
        issuerCertificate.getSubject(),
        subject,
        newSerial(),
        notBefore,
        notAfter,
        SubjectPublicKeyInfo.getInstance(key.getEncoded()),
        issuer.ski(),
        false,
        null,
        service.keyUsage(),
        service.extendedKeyUsage(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        service.ocspNoCheck());
  }

  /** 20 random octets, positive (RFC 5280 section 4.1.2.2). */
  static BigInteger newSerial() {
    return CertificateMaker.newSerial(RANDOM).value();
  }

  static List<String> crlUrls(Issuer issuer) {
    return issuer.repository().settings().crlEnabled()
        ? List.of(Urls.crl(issuer.label()))
        : List.of();
  }

  static List<String> ocspUrls(Issuer issuer) {
    return issuer.repository().settings().ocspEnabled() ? List.of(Urls.ocsp()) : List.of();
  }

  static List<String> caIssuersUrls(Issuer issuer) {
    var settings = issuer.repository().settings();
    return settings.ocspEnabled() || settings.crlEnabled()
        ? List.of(Urls.caCertificate(issuer.label()))
        : List.of();
  }

  /** The stored record of a signed certificate. */
  public Certificate.Facts facts(
      X509CertificateHolder signed,
      UUID templateId,
      String sans,
      Actor actor,
      String channel,
      boolean serverKey,
      UUID replaces) {
    try {
      return new Certificate.Facts(
          templateId,
          signed.getSerialNumber().toString(16),
          Requests.display(signed.getSubject()),
          sans,
          signed.getNotBefore().toInstant(),
          signed.getNotAfter().toInstant(),
          signed.getEncoded(),
          actor.name(),
          channel,
          serverKey,
          replaces);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate x509(X509CertificateHolder holder) {
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }
}
