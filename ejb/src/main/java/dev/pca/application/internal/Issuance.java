package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.CaException;
import dev.pca.application.Certificates;
import dev.pca.crypto.KeySpec;
import dev.pca.crypto.x509.CertificateContent;
import dev.pca.crypto.x509.Csr;
import dev.pca.crypto.x509.CsrException;
import dev.pca.crypto.x509.Pem;
import dev.pca.domain.model.certificate.Certificate;
import dev.pca.domain.model.issuer.Issuer;
import dev.pca.domain.model.template.Template;
import dev.pca.domain.policy.Decision;
import dev.pca.domain.policy.KeyUsageBit;
import dev.pca.domain.policy.RequestFacts;
import dev.pca.domain.policy.San;
import dev.pca.domain.policy.SubjectField;
import dev.pca.domain.policy.TemplatePolicy;
import dev.pca.domain.policy.TemplateSpec;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Signing a leaf: the CSR is read and its proof of possession checked, the template judges the
 * request (refusing, never changing it), the to-be-signed certificate is linted, and only then is
 * it signed on the token and stored with its audit event, in one transaction: the request's own
 * when it took from the issuer's quota, otherwise a {@link GroupCommit} batch shared with
 * concurrent requests.
 */
@Stateless
public class Issuance {
  @PersistenceContext private EntityManager em;
  @EJB private Signing signing;
  @EJB private GroupCommit groupCommit;
  @EJB private IssuanceWriter writer;

  /**
   * What rides along an issuance: a record stored in the certificate's transaction, and work done
   * with the signed certificate while that transaction commits (an enrollment signs its reply). The
   * issuance returns only once both are done, so a caller answers nothing that could be lost.
   */
  public interface Companion {
    /** The record to store with the certificate, made from its id. */
    Object row(UUID certificateId);

    /** Runs once the certificate is signed, while it is being stored. */
    void whileStoring(Certificates.Issued issued) throws CaException;
  }

  /** The subject's public key, with what the template judges of it. */
  record Key(SubjectPublicKeyInfo info, String algorithm, int bits) {
    static Key of(Csr csr) {
      return new Key(csr.publicKeyInfo(), csr.keyAlgorithm(), csr.keyBits());
    }
  }

  /** What to sign, once everything has been read. */
  record Order(
      Issuer issuer,
      Template template,
      Key key,
      List<SubjectField> subject,
      List<San> sans,
      Duration validity,
      UUID replaces,
      boolean serverKey) {}

  public Certificates.Issued issue(
      Actor actor, UUID issuerId, Certificates.CsrRequest request, String channel)
      throws CaException {
    return issue(actor, issuerId, request, channel, null);
  }

  /**
   * Issues, with a {@link Companion}: an enrollment's request row rides in the group commit instead
   * of a transaction of its own, and its reply is made while the batch commits.
   */
  public Certificates.Issued issue(
      Actor actor,
      UUID issuerId,
      Certificates.CsrRequest request,
      String channel,
      Companion companion)
      throws CaException {
    Issuer issuer = Lookups.issuer(em, issuerId);
    Csr csr = csr(request.csr());
    proofOfPossession(csr);
    Duration validity =
        request.validityDays() == null ? null : Duration.ofDays(request.validityDays());
    Order order =
        new Order(
            issuer,
            Lookups.template(em, request.templateId()),
            Key.of(csr),
            Requests.subject(csr.subject()),
            Requests.sans(csr.requestedSans()),
            validity,
            null,
            false);
    return sign(actor, order, channel, companion);
  }

  /**
   * Issues for an ACME order: the SANs are the order's identifiers (the CSR may name one as its CN
   * alone, RFC 8555 section 7.4), the validity runs to the order's notAfter when it asked for one
   * (null: the template's), and {@code replaces} is the certificate an ARI replacement renews.
   */
  public Certificates.Issued issue(
      Actor actor,
      UUID issuerId,
      UUID templateId,
      Csr csr,
      List<San> sans,
      Duration validity,
      UUID replaces,
      String channel)
      throws CaException {
    proofOfPossession(csr);
    Order order =
        new Order(
            Lookups.issuer(em, issuerId),
            Lookups.template(em, templateId),
            Key.of(csr),
            Requests.subject(csr.subject()),
            sans,
            validity,
            replaces,
            false);
    return sign(actor, order, channel, null);
  }

  public Certificates.Issued renew(Actor actor, Certificate old, String csrText)
      throws CaException {
    return renew(actor, old, csrText, null);
  }

  /**
   * A renewal with a companion record, as {@link #issue(Actor, UUID, Certificates.CsrRequest,
   * String, Companion)}.
   */
  public Certificates.Issued renew(
      Actor actor, Certificate old, String csrText, Companion companion) throws CaException {
    if (old.templateId() == null) {
      throw new CaException(CaException.Reason.INVALID, "a CA certificate is renewed as an issuer");
    }
    Csr csr = csr(csrText);
    proofOfPossession(csr);
    X509CertificateHolder previous = holder(old.der());
    List<San> sans = Requests.sans(Requests.generalNames(previous));
    Order order =
        new Order(
            old.issuer(),
            Lookups.template(em, old.templateId()),
            Key.of(csr),
            Requests.subject(previous.getSubject()),
            sans,
            null,
            old.id(),
            false);
    return sign(actor, order, old.channel(), companion);
  }

  /**
   * Issues for a key pair made here, returned once as PKCS#12 under the caller's password and never
   * stored.
   */
  public Certificates.KeyIssued issueWithServerKey(
      Actor actor, UUID issuerId, Certificates.KeyRequest request, String channel)
      throws CaException {
    WithKey made =
        withNewKey(
            actor,
            Lookups.issuer(em, issuerId),
            Lookups.template(em, request.templateId()),
            request.keySpec(),
            Requests.subject(Names.dn(request.subject())),
            request.sans() == null ? List.of() : request.sans(),
            request.validityDays() == null ? null : Duration.ofDays(request.validityDays()),
            channel);
    Certificates.Issued issued = made.issued();
    byte[] pkcs12 = ServerKeys.pkcs12(made.pair().getPrivate(), issued.chain(), request.password());
    return new Certificates.KeyIssued(
        issued.certificate(), java.util.Base64.getEncoder().encodeToString(pkcs12), issued.chain());
  }

  /** A certificate for a key made here, and that key, which the caller hands out once. */
  public record WithKey(Certificates.Issued issued, KeyPair pair) {}

  /**
   * For EST serverkeygen: the CSR names the subject, the SANs and the key type, and the key is made
   * here. The CSR's own key only proves that the device made the CSR.
   */
  public WithKey issueWithServerKey(
      Actor actor, UUID issuerId, UUID templateId, String csrText, String channel)
      throws CaException {
    Csr csr = csr(csrText);
    proofOfPossession(csr);
    return withNewKey(
        actor,
        Lookups.issuer(em, issuerId),
        Lookups.template(em, templateId),
        ServerKeys.specOf(csr.keyAlgorithm(), csr.keyBits()),
        Requests.subject(csr.subject()),
        Requests.sans(csr.requestedSans()),
        null,
        channel);
  }

  private WithKey withNewKey(
      Actor actor,
      Issuer issuer,
      Template template,
      KeySpec spec,
      List<SubjectField> subject,
      List<San> sans,
      Duration validity,
      String channel)
      throws CaException {
    KeyPair pair = ServerKeys.generate(spec);
    Order order =
        new Order(
            issuer, template, ServerKeys.describe(pair, spec), subject, sans, validity, null, true);
    return new WithKey(sign(actor, order, channel, null), pair);
  }

  private Certificates.Issued sign(Actor actor, Order order, String channel, Companion companion)
      throws CaException {
    Issuer issuer = order.issuer();
    Signing.requireUsable(issuer);
    if (issuer.isRoot()) {
      throw new CaException(
          CaException.Reason.INVALID,
          "a root signs only CA certificates: issue leaves from an intermediate");
    }
    if (!order.template().repository().id().equals(issuer.repository().id())) {
      throw new CaException(
          CaException.Reason.INVALID, "the template belongs to another repository than the issuer");
    }
    TemplateSpec spec = TemplatesBean.spec(order.template());
    Decision decision =
        TemplatePolicy.check(
            spec,
            new RequestFacts(
                order.subject(),
                order.key().algorithm(),
                order.key().bits(),
                order.sans(),
                order.validity()));
    if (!decision.approved()) {
      throw new CaException(
          CaException.Reason.POLICY,
          "the request breaks the template " + order.template().name(),
          decision.violations().stream()
              .map(v -> new CaException.Violation(v.rule().name(), v.detail()))
              .toList());
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter = now.plus(decision.validity());
    if (notAfter.isAfter(issuer.notAfter())) {
      throw new CaException(
          CaException.Reason.POLICY,
          "the certificate would outlive its issuer",
          List.of(
              new CaException.Violation(
                  "ISSUER_VALIDITY",
                  "notAfter " + notAfter + " is after the issuer's " + issuer.notAfter())));
    }
    takeFromQuota(issuer);
    X509CertificateHolder issuerCertificate = holder(issuer.certificate());
    Instant notBefore = now.minus(Signing.BACKDATE);
    if (notBefore.isBefore(issuer.notBefore())) {
      notBefore = issuer.notBefore();
    }
    CertificateContent content =
        new CertificateContent(
            issuerCertificate.getSubject(),
            Requests.subject(decision.subject()),
            Signing.newSerial(),
            notBefore,
            notAfter,
            order.key().info(),
            issuer.ski(),
            false,
            null,
            keyUsage(spec, order.key().algorithm()),
            spec.settings().extendedKeyUsage().stream()
                .map(eku -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(eku.oid())))
                .toList(),
            Requests.generalNames(decision.sans()),
            Signing.crlUrls(issuer),
            Signing.ocspUrls(issuer),
            Signing.caIssuersUrls(issuer));
    String algorithm =
        spec.settings().signatureAlgorithm() == null
            ? signing.algorithmOf(issuer)
            : spec.settings().signatureAlgorithm();
    X509CertificateHolder signed =
        signing.sign(content, issuerCertificate, issuer.keyAlias(), algorithm);
    Certificate stored =
        new Certificate(
            issuer,
            signing.facts(
                signed,
                order.template().id(),
                Requests.searchable(decision.sans()),
                actor,
                channel,
                order.serverKey(),
                order.replaces()),
            Instant.now());
    var entry =
        new IssuanceWriter.Entry(
            stored,
            AuditLogBean.entry(
                actor,
                order.replaces() == null ? "certificate.issue" : "certificate.renew",
                "certificate",
                stored.id(),
                "SUCCESS",
                "issuer=%s key=%s serial=%s subject=%s channel=%s"
                    .formatted(
                        issuer.label(),
                        issuer.keyAlias(),
                        stored.serial(),
                        stored.subjectDn(),
                        channel)),
            companion == null ? null : companion.row(stored.id()));
    var issued =
        new Certificates.Issued(
            CertificatesBean.view(stored), Pem.certificate(signed), chainPem(signed, issuer));
    if (issuer.quotaRemaining() != null) {
      // The quota was taken under the issuer's row lock in this transaction: store with it.
      writer.write(List.of(entry));
      if (companion != null) {
        companion.whileStoring(issued);
      }
    } else if (companion == null) {
      groupCommit.store(entry);
    } else {
      GroupCommit.Stored storing = groupCommit.submit(entry);
      try {
        companion.whileStoring(issued);
      } finally {
        storing.await();
      }
    }
    return issued;
  }

  private void takeFromQuota(Issuer issuer) throws CaException {
    if (issuer.quotaRemaining() == null) {
      return;
    }
    em.refresh(issuer, LockModeType.PESSIMISTIC_WRITE);
    if (!issuer.takeFromQuota()) {
      throw new CaException(
          CaException.Reason.QUOTA_SPENT, "the issuer " + issuer.label() + " has spent its quota");
    }
  }

  /**
   * The template's key usage bits that the subject's key can have: an EC key cannot encipher (RFC
   * 5480 section 3: keyEncipherment and dataEncipherment MUST NOT be asserted), and an RSA key
   * cannot agree on keys. So one TLS template serves RSA and EC keys, as users expect.
   */
  private static int keyUsage(TemplateSpec spec, String keyAlgorithm) {
    int bits = 0;
    for (KeyUsageBit bit : spec.settings().keyUsage()) {
      if (!applies(bit, keyAlgorithm)) {
        continue;
      }
      bits |=
          switch (bit) {
            case DIGITAL_SIGNATURE -> KeyUsage.digitalSignature;
            case NON_REPUDIATION -> KeyUsage.nonRepudiation;
            case KEY_ENCIPHERMENT -> KeyUsage.keyEncipherment;
            case DATA_ENCIPHERMENT -> KeyUsage.dataEncipherment;
            case KEY_AGREEMENT -> KeyUsage.keyAgreement;
            case KEY_CERT_SIGN -> KeyUsage.keyCertSign;
            case CRL_SIGN -> KeyUsage.cRLSign;
            case ENCIPHER_ONLY -> KeyUsage.encipherOnly;
            case DECIPHER_ONLY -> KeyUsage.decipherOnly;
          };
    }
    return bits;
  }

  private static boolean applies(KeyUsageBit bit, String keyAlgorithm) {
    return switch (bit) {
      case KEY_ENCIPHERMENT, DATA_ENCIPHERMENT -> keyAlgorithm.equals("RSA");
      case KEY_AGREEMENT, ENCIPHER_ONLY, DECIPHER_ONLY -> !keyAlgorithm.equals("RSA");
      default -> true;
    };
  }

  /**
   * Checks the CSR's self-signature in software: on SoftHSM2, importing each subject key as a
   * session object for the check serialises on the token and was the issuance benchmark's hot spot.
   */
  private static void proofOfPossession(Csr csr) throws CaException {
    try {
      csr.verifyProofOfPossession(null);
    } catch (CsrException e) {
      throw new CaException(CaException.Reason.BAD_CSR, e.getMessage());
    }
  }

  private static Csr csr(String text) throws CaException {
    try {
      byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
      if (!text.contains("-----BEGIN")) {
        // Base64 of the DER, as EST and many scripts send it.
        try {
          bytes = java.util.Base64.getMimeDecoder().decode(bytes);
        } catch (IllegalArgumentException e) {
          throw new CsrException(
              CsrException.Reason.MALFORMED, "the CSR is neither PEM nor base64");
        }
      }
      return Csr.parse(bytes);
    } catch (CsrException e) {
      throw new CaException(CaException.Reason.BAD_CSR, e.getMessage());
    }
  }

  /** An issuer's chain, from itself up to its root, as certificates and as PEM. */
  record IssuerChain(List<X509Certificate> certificates, String pem) {}

  /** CA certificates never change, so each issuer's chain is read and encoded once. */
  private static final Map<UUID, IssuerChain> ISSUER_CHAINS = new ConcurrentHashMap<>();

  static IssuerChain issuerChain(Issuer issuer) {
    return ISSUER_CHAINS.computeIfAbsent(
        issuer.id(),
        id -> {
          List<X509CertificateHolder> chain = new ArrayList<>();
          for (Issuer at = issuer; at != null; at = at.parent()) {
            chain.add(holder(at.certificate()));
          }
          return new IssuerChain(chain.stream().map(Signing::x509).toList(), Pem.chain(chain));
        });
  }

  /** What issuance answered, again, for a certificate stored before (a device collecting it). */
  static Certificates.Issued issued(Certificate stored) {
    X509CertificateHolder holder = holder(stored.der());
    return new Certificates.Issued(
        CertificatesBean.view(stored), Pem.certificate(holder), chainPem(holder, stored.issuer()));
  }

  static String chainPem(X509CertificateHolder leaf, Issuer issuer) {
    return Pem.certificate(leaf) + issuerChain(issuer).pem();
  }

  static X509CertificateHolder holder(byte[] der) {
    try {
      return new X509CertificateHolder(der);
    } catch (IOException e) {
      throw new IllegalStateException("a stored certificate does not parse", e);
    }
  }
}
