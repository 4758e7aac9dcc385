package dev.pca.application.internal;

import dev.pca.application.Acme.Problem;
import dev.pca.application.Acme.ProblemType;
import dev.pca.application.Acme.RenewalInfo;
import dev.pca.application.Actor;
import dev.pca.application.CaException;
import dev.pca.application.Certificates;
import dev.pca.crypto.x509.Pem;
import dev.pca.domain.model.acme.AcmeAccount;
import dev.pca.domain.model.acme.AcmeOrder;
import dev.pca.domain.model.certificate.Certificate;
import dev.pca.domain.model.certificate.CertificateStatus;
import dev.pca.domain.model.certificate.RevocationReason;
import dev.pca.domain.model.enrollment.EnrollmentProfile;
import dev.pca.domain.model.issuer.Issuer;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The certificates of ACME: the chain a client downloads, revocation through the same path as the
 * console's and the REST API's (so OCSP and CRLs learn of it the same way), and ACME Renewal
 * Information.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.6">RFC 8555 section 7.6</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9773">RFC 9773</a>
 */
@Stateless
public class AcmeCertificates {
  /** RFC 8555 section 7.6 leaves the reasons to the CA: not cACompromise, hold or removeFromCRL. */
  static final Set<Integer> REVOCATION_REASONS = Set.of(0, 1, 3, 4, 5, 9);

  /** Each issuer's chain up to, not including, its root, as PEM: CA certificates never change. */
  private static final Map<UUID, String> CHAINS = new ConcurrentHashMap<>();

  @PersistenceContext private EntityManager em;
  @EJB private Certificates certificates;

  /**
   * The certificate of the account's valid order, with its chain up to, not including, its root.
   */
  public String chain(UUID accountId, UUID orderId) throws Problem {
    AcmeOrder order = em.find(AcmeOrder.class, orderId);
    if (order == null || !order.accountId().equals(accountId) || order.certificateId() == null) {
      throw new Problem(ProblemType.NOT_FOUND, "no certificate for such an order");
    }
    Certificate certificate = em.find(Certificate.class, order.certificateId());
    return Pem.certificate(Issuance.holder(certificate.der()))
        + chainWithoutRoot(certificate.issuer());
  }

  public void revoke(Actor client, UUID profileId, UUID accountId, byte[] certificate, int reason)
      throws Problem {
    EnrollmentProfile profile = AcmeBean.profile(em, profileId);
    X509CertificateHolder holder;
    try {
      holder = new X509CertificateHolder(certificate);
    } catch (IOException | RuntimeException e) {
      throw new Problem(ProblemType.MALFORMED, "the certificate does not parse");
    }
    Certificate stored =
        em
            .createQuery(
                "select c from Certificate c where c.issuer.id = :i and c.serial = :s",
                Certificate.class)
            .setParameter("i", profile.issuerId())
            .setParameter("s", holder.getSerialNumber().toString(16))
            .getResultList()
            .stream()
            .filter(c -> Arrays.equals(c.der(), certificate))
            .findFirst()
            .orElseThrow(
                () -> new Problem(ProblemType.NOT_FOUND, "the certificate is not of this CA"));
    if (accountId != null && !orderedBy(AcmeBean.validAccount(em, accountId), profileId, stored)) {
      throw new Problem(
          ProblemType.UNAUTHORIZED, "the account did not order the certificate it revokes");
    }
    if (!REVOCATION_REASONS.contains(reason)) {
      throw new Problem(
          ProblemType.BAD_REVOCATION_REASON,
          "this CA revokes for the reasons 0, 1, 3, 4, 5 and 9 of RFC 5280 section 5.3.1");
    }
    if (stored.status() == CertificateStatus.REVOKED) {
      throw new Problem(ProblemType.ALREADY_REVOKED, "the certificate is revoked already");
    }
    try {
      certificates.revoke(client, stored.id(), RevocationReason.of(reason), null);
    } catch (CaException e) {
      throw e.reason() == CaException.Reason.CONFLICT
          ? new Problem(ProblemType.ALREADY_REVOKED, "the certificate is revoked already")
          : new Problem(ProblemType.SERVER_INTERNAL, "the certificate could not be revoked");
    }
  }

  private boolean orderedBy(AcmeAccount account, UUID profileId, Certificate certificate) {
    return account.profileId().equals(profileId)
        && AcmeBean.ordered(em, account.id(), certificate.id());
  }

  public List<X509Certificate> caChain(UUID profileId) throws Problem {
    EnrollmentProfile profile = AcmeBean.profile(em, profileId);
    return Issuance.issuerChain(em.find(Issuer.class, profile.issuerId())).certificates();
  }

  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public RenewalInfo renewalInfo(UUID profileId, byte[] authorityKeyId, BigInteger serial)
      throws Problem {
    Issuer issuer = em.find(Issuer.class, AcmeBean.profile(em, profileId).issuerId());
    Certificate certificate =
        MessageDigest.isEqual(issuer.ski(), authorityKeyId)
            ? em
                .createQuery(
                    "select c from Certificate c where c.issuer.id = :i and c.serial = :s",
                    Certificate.class)
                .setParameter("i", issuer.id())
                .setParameter("s", serial.toString(16))
                .getResultList()
                .stream()
                .findFirst()
                .orElse(null)
            : null;
    if (certificate == null) {
      throw new Problem(ProblemType.NOT_FOUND, "no such certificate of this CA");
    }
    return AcmeRenewal.window(
        certificate.notBefore(),
        certificate.notAfter(),
        certificate.status() != CertificateStatus.VALID,
        Instant.now());
  }

  /** The issuer's chain without its root: RFC 8555 section 7.4.2 wants no trust anchor sent. */
  private static String chainWithoutRoot(Issuer issuer) {
    return CHAINS.computeIfAbsent(
        issuer.id(),
        id -> {
          List<X509CertificateHolder> chain = new ArrayList<>();
          for (X509Certificate ca : Issuance.issuerChain(issuer).certificates()) {
            if (!ca.getSubjectX500Principal().equals(ca.getIssuerX500Principal())) {
              chain.add(Issuance.holder(encoded(ca)));
            }
          }
          return Pem.chain(chain);
        });
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
