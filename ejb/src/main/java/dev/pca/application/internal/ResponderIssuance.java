package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.AuditLog;
import dev.pca.application.CaException;
import dev.pca.crypto.KeyAlias;
import dev.pca.crypto.KeySpec;
import dev.pca.crypto.Token;
import dev.pca.crypto.TokenException;
import dev.pca.crypto.x509.CertificateContent;
import dev.pca.domain.model.issuer.CaKey;
import dev.pca.domain.model.issuer.Issuer;
import dev.pca.domain.model.issuer.ResponderCertificate;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Makes the delegated OCSP responder certificates (RFC 6960 section 4.2.2.2): a key generated on
 * the token, a certificate for it signed by the issuer through the lint-then-sign path, the record
 * and its audit event in one transaction. Short-lived and marked id-pkix-ocsp-nocheck, so that
 * clients need not ask about the responder itself; renewed well before it expires.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#section-4.2.2.2">RFC 6960 4.2.2.2</a>
 */
@Stateless
public class ResponderIssuance {
  private static final Logger LOG = Logger.getLogger(ResponderIssuance.class.getName());

  /** How long a responder certificate lives: a week, never beyond its issuer. */
  static final Duration VALIDITY = Duration.ofDays(7);

  /** A responder certificate with less than this left is replaced. */
  static final Duration RENEW_BEFORE = Duration.ofDays(2);

  /** First key of the two-int advisory locks this bean takes ("OCSP" in ASCII). */
  private static final int LOCK_SPACE = 0x4f435350;

  @PersistenceContext private EntityManager em;
  @EJB private Token token;
  @EJB private Signing signing;
  @EJB private AuditLog audit;

  /**
   * The issuers that need a new responder certificate: unexpired, in a repository that answers
   * OCSP, and without a current one that has more than {@link #RENEW_BEFORE} left (or that lasts as
   * long as the issuer does).
   */
  public List<UUID> due(Instant now) {
    return em.createQuery(
            "select i.id from Issuer i where i.notAfter > :now and i.repository.ocspEnabled = true"
                + " and not exists (select o from ResponderCertificate o where o.issuerId = i.id"
                + " and o.notBefore <= :now and o.notAfter > :now"
                + " and (o.notAfter > :renewBy or o.notAfter >= i.notAfter))",
            UUID.class)
        .setParameter("now", now)
        .setParameter("renewBy", now.plus(RENEW_BEFORE))
        .getResultList();
  }

  /**
   * Gives the issuer a new responder certificate if it still needs one. Another node doing the same
   * holds the issuer's advisory lock; then this one leaves it to that node.
   *
   * @return whether a certificate was made
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean issue(UUID issuerId) throws CaException, TokenException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    if (!locked(issuerId.hashCode()) || !due(now).contains(issuerId)) {
      return false;
    }
    Issuer issuer = Lookups.issuer(em, issuerId);
    // An issuer whose key is not on this token (a database restored beside another token) cannot
    // sign a responder certificate: refuse before a responder key is made for nothing.
    token.publicKey(issuer.keyAlias());
    KeySpec spec = responderKeySpec(issuer);
    KeyAlias alias = KeyAlias.fresh("ocsp");
    PublicKey publicKey = token.generate(alias, spec, Actor.SYSTEM.name());
    try {
      X509CertificateHolder issuerCertificate = Issuance.holder(issuer.certificate());
      CertificateContent content = content(issuer, issuerCertificate, publicKey, now);
      // The certificate is kept in ocsp_responder, where the OCSP nodes read it, and not put on the
      // token beside its key: SunPKCS11 re-reads every object on the token after each store, which
      // takes seconds on a token with hundreds of keys.
      X509CertificateHolder signed =
          signing.sign(content, issuerCertificate, issuer.keyAlias(), signing.algorithmOf(issuer));
      em.persist(
          new ResponderCertificate(
              issuerId,
              alias,
              encoded(signed),
              content.notBefore(),
              content.notAfter(),
              Instant.now()));
      audit.success(
          Actor.SYSTEM,
          "ocsp.responder.issue",
          "issuer",
          issuerId,
          "issuer=%s key=%s responderKey=%s serial=%s notAfter=%s"
              .formatted(
                  issuer.label(),
                  issuer.keyAlias(),
                  alias,
                  signed.getSerialNumber().toString(16),
                  content.notAfter()));
      LOG.info(() -> "OCSP responder certificate for " + issuer.label() + " with key " + alias);
      return true;
    } catch (CaException | RuntimeException e) {
      // The key's record rolls back with this transaction; the key on the token must go too.
      token.discard(alias);
      throw e;
    }
  }

  /**
   * Destroys the keys of expired responder certificates (their records stay), each with an audit
   * event. Answers they signed have expired too: nextUpdate never outlives the signer.
   *
   * @return how many keys were destroyed
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int destroyExpired() throws TokenException {
    if (!locked(0)) {
      return 0;
    }
    List<ResponderCertificate> expired =
        em.createQuery(
                "select o from ResponderCertificate o where o.notAfter <= :now"
                    + " and exists (select k from CaKey k where k.alias = o.keyAlias)",
                ResponderCertificate.class)
            .setParameter("now", Instant.now())
            .getResultList();
    for (ResponderCertificate responder : expired) {
      token.destroy(responder.keyAlias());
      audit.success(
          Actor.SYSTEM,
          "ocsp.responder.destroy",
          "issuer",
          responder.issuerId(),
          "responderKey=%s notAfter=%s".formatted(responder.keyAlias(), responder.notAfter()));
    }
    return expired.size();
  }

  /** The same kind of key as the issuer's: clients that verify one algorithm verify the other. */
  private KeySpec responderKeySpec(Issuer issuer) {
    String algorithm = em.find(CaKey.class, issuer.keyAlias().value()).keySpec().algorithm();
    return algorithm.equals("RSA") ? KeySpec.RSA_2048 : KeySpec.EC_P256;
  }

  /**
   * digitalSignature, id-kp-OCSPSigning and id-pkix-ocsp-nocheck, no CRL or OCSP pointers (nobody
   * is to check it), and a validity inside the issuer's.
   */
  static CertificateContent content(
      Issuer issuer, X509CertificateHolder issuerCertificate, PublicKey key, Instant now) {
    return Signing.serviceContent(
        issuer,
        issuerCertificate,
        key,
        subject(issuer),
        new Signing.Service(
            VALIDITY, KeyUsage.digitalSignature, List.of(KeyPurposeId.id_kp_OCSPSigning), true),
        now);
  }

  private static X500Name subject(Issuer issuer) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.CN, "OCSP Responder " + issuer.label())
        .addRDN(BCStyle.O, "PCA")
        .build();
  }

  private static byte[] encoded(X509CertificateHolder certificate) {
    try {
      return certificate.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("a signed certificate does not encode", e);
    }
  }

  /** The transaction-scoped advisory lock (LOCK_SPACE, key), if no other session holds it. */
  private boolean locked(int key) {
    Object taken =
        em.createNativeQuery("select pg_try_advisory_xact_lock(?1, ?2)")
            .setParameter(1, LOCK_SPACE)
            .setParameter(2, key)
            .getSingleResult();
    return Boolean.TRUE.equals(taken);
  }
}
