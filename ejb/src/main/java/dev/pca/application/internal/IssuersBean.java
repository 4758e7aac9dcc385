package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.AuditLog;
import dev.pca.application.CaException;
import dev.pca.application.Issuers;
import dev.pca.crypto.KeyAlias;
import dev.pca.crypto.Token;
import dev.pca.crypto.TokenException;
import dev.pca.crypto.x509.CertificateContent;
import dev.pca.domain.model.certificate.Certificate;
import dev.pca.domain.model.issuer.Issuer;
import dev.pca.domain.model.repository.Repository;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

@Stateless
public class IssuersBean implements Issuers {
  private static final Logger LOG = Logger.getLogger(IssuersBean.class.getName());

  @PersistenceContext private EntityManager em;
  @EJB private Token token;
  @EJB private AuditLog audit;
  @EJB private Signing signing;

  @Override
  public View createRoot(Actor actor, UUID repositoryId, Draft draft) throws CaException {
    Checks.valid(draft);
    Repository repository = Lookups.repository(em, repositoryId);
    requireFreeLabel(draft.label());
    X500Name subject = Names.dn(draft.subject());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KeyAlias alias = KeyAlias.fresh("ca");
    PublicKey publicKey = generate(alias, draft, actor);
    try {
      CertificateContent content =
          caContent(subject, subject, null, publicKey, now, draft, List.of(), List.of());
      X509CertificateHolder certificate =
          signing.sign(content, null, alias, draft.keySpec().signatureAlgorithm());
      Issuer issuer = persist(repository, null, draft, alias, certificate, now);
      audit.success(
          actor, "issuer.create-root", "issuer", issuer.id(), describe(issuer, alias, certificate));
      return view(issuer);
    } catch (CaException | RuntimeException e) {
      token.discard(alias);
      throw e;
    }
  }

  @Override
  public View createIntermediate(Actor actor, UUID rootId, Draft draft) throws CaException {
    Checks.valid(draft);
    Issuer root = Lookups.lockedIssuer(em, rootId);
    Signing.requireUsable(root);
    if (!root.isRoot()) {
      throw new CaException(CaException.Reason.INVALID, "an intermediate is signed by a root");
    }
    requireFreeLabel(draft.label());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    checkAgainstRoot(root, draft, now);
    KeyAlias alias = KeyAlias.fresh("ca");
    PublicKey publicKey = generate(alias, draft, actor);
    try {
      X509CertificateHolder rootCertificate = Issuance.holder(root.certificate());
      CertificateContent content =
          caContent(
              Names.dn(draft.subject()),
              rootCertificate.getSubject(),
              root,
              publicKey,
              now,
              draft,
              Signing.crlUrls(root),
              Signing.ocspUrls(root));
      X509CertificateHolder certificate =
          signing.sign(content, rootCertificate, root.keyAlias(), signing.algorithmOf(root));
      Issuer issuer = persist(root.repository(), root, draft, alias, certificate, now);
      em.persist(
          new Certificate(
              root,
              signing.facts(certificate, null, "", actor, "REST", false, null),
              Instant.now()));
      audit.success(
          actor,
          "issuer.create-intermediate",
          "issuer",
          issuer.id(),
          describe(issuer, alias, certificate) + " signedBy=" + root.label());
      return view(issuer);
    } catch (CaException | RuntimeException e) {
      token.discard(alias);
      throw e;
    }
  }

  @Override
  public View importCa(Actor actor, UUID repositoryId, ImportDraft draft) throws CaException {
    Checks.valid(draft);
    Repository repository = Lookups.repository(em, repositoryId);
    requireFreeLabel(draft.label());
    CaImport.Material material =
        CaImport.read(draft.certificate(), draft.privateKey(), draft.pkcs12(), draft.password());
    X509CertificateHolder certificate = material.certificate();
    Issuer parent = draft.parentId() == null ? null : Lookups.lockedIssuer(em, draft.parentId());
    ImportChecks.requireCa(certificate);
    ImportChecks.requireSignedBy(certificate, parent, repository);
    KeyAlias alias = KeyAlias.fresh("ca");
    try {
      token.importKey(
          alias, material.spec(), material.key(), Signing.x509(certificate), actor.name());
    } catch (TokenException e) {
      LOG.log(Level.WARNING, "the token refused an imported CA key", e);
      throw new CaException(CaException.Reason.TOKEN, "the token could not take the key");
    }
    try {
      Issuer issuer =
          new Issuer(
              UUID.randomUUID(),
              repository,
              parent,
              facts(draft.label(), alias, certificate, draft.quota()),
              Instant.now());
      em.persist(issuer);
      if (parent != null) {
        em.persist(
            new Certificate(
                parent,
                signing.facts(certificate, null, "", actor, "IMPORT", false, null),
                Instant.now()));
      }
      audit.success(
          actor, "issuer.import", "issuer", issuer.id(), describe(issuer, alias, certificate));
      return view(issuer);
    } catch (RuntimeException e) {
      token.discard(alias);
      throw e;
    }
  }

  private void checkAgainstRoot(Issuer root, Draft draft, Instant now) throws CaException {
    Integer rootPath = root.pathLength();
    if (rootPath != null
        && (rootPath == 0 || draft.pathLength() == null || draft.pathLength() >= rootPath)) {
      throw new CaException(
          CaException.Reason.INVALID,
          "the root's path length "
              + rootPath
              + " allows intermediates with a path length of at most "
              + (rootPath - 1));
    }
    if (now.plus(Duration.ofDays(draft.validityDays())).isAfter(root.notAfter())) {
      throw new CaException(
          CaException.Reason.INVALID,
          "the intermediate would outlive its root, which expires at " + root.notAfter());
    }
    if (!root.takeFromQuota()) {
      throw new CaException(CaException.Reason.QUOTA_SPENT, "the root's quota is spent");
    }
  }

  private PublicKey generate(KeyAlias alias, Draft draft, Actor actor) throws CaException {
    try {
      return token.generate(alias, draft.keySpec(), actor.name());
    } catch (TokenException e) {
      throw new CaException(CaException.Reason.TOKEN, "the token could not generate the key");
    }
  }

  private static CertificateContent caContent(
      X500Name subject,
      X500Name issuerName,
      Issuer issuer,
      PublicKey publicKey,
      Instant now,
      Draft draft,
      List<String> crl,
      List<String> ocsp) {
    return new CertificateContent(
        issuerName,
        subject,
        Signing.newSerial(),
        now,
        now.plus(Duration.ofDays(draft.validityDays())),
        SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()),
        issuer == null ? null : issuer.ski(),
        true,
        draft.pathLength(),
        KeyUsage.keyCertSign | KeyUsage.cRLSign,
        List.of(),
        List.of(),
        crl,
        ocsp,
        issuer == null ? List.of() : Signing.caIssuersUrls(issuer));
  }

  private Issuer persist(
      Repository repository,
      Issuer parent,
      Draft draft,
      KeyAlias alias,
      X509CertificateHolder certificate,
      Instant now)
      throws CaException {
    try {
      token.storeCertificate(alias, Signing.x509(certificate));
    } catch (TokenException e) {
      throw new CaException(CaException.Reason.TOKEN, "the CA certificate could not be stored");
    }
    Issuer issuer =
        new Issuer(
            UUID.randomUUID(),
            repository,
            parent,
            facts(draft.label(), alias, certificate, draft.quota()),
            now);
    em.persist(issuer);
    return issuer;
  }

  /** What an issuer is, read from its CA certificate, whether made here or imported. */
  private static Issuer.Facts facts(
      String label, KeyAlias alias, X509CertificateHolder certificate, Long quota) {
    try {
      return new Issuer.Facts(
          label,
          alias,
          certificate.getEncoded(),
          Requests.display(certificate.getSubject()),
          ImportChecks.subjectKeyId(certificate),
          ImportChecks.pathLength(certificate),
          certificate.getNotBefore().toInstant(),
          certificate.getNotAfter().toInstant(),
          quota);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a CA certificate does not encode", e);
    }
  }

  @Override
  public View setEnabled(Actor actor, UUID id, boolean enabled) throws CaException {
    Issuer issuer = Lookups.issuer(em, id);
    if (enabled) {
      issuer.enable();
    } else {
      issuer.disable();
    }
    audit.success(
        actor, enabled ? "issuer.enable" : "issuer.disable", "issuer", id, issuer.label());
    return view(issuer);
  }

  @Override
  public View setQuota(Actor actor, UUID id, Long quota) throws CaException {
    if (quota != null && quota < 0) {
      throw new CaException(CaException.Reason.INVALID, "a quota cannot be negative");
    }
    Issuer issuer = Lookups.lockedIssuer(em, id);
    issuer.setQuota(quota);
    audit.success(actor, "issuer.quota", "issuer", id, issuer.label() + " quota=" + quota);
    return view(issuer);
  }

  @Override
  public View get(Actor actor, UUID id) throws CaException {
    Issuer issuer = Lookups.issuer(em, id);
    Scope.require(actor, issuer.repository());
    return view(issuer);
  }

  @Override
  public List<View> list(Actor actor, UUID repositoryId) throws CaException {
    Scope.require(actor, Lookups.repository(em, repositoryId));
    return em
        .createQuery(
            "select i from Issuer i where i.repository.id = :r order by i.createdAt", Issuer.class)
        .setParameter("r", repositoryId)
        .getResultList()
        .stream()
        .map(IssuersBean::view)
        .toList();
  }

  @Override
  public List<byte[]> chain(Actor actor, UUID id) throws CaException {
    Issuer issuer = Lookups.issuer(em, id);
    Scope.require(actor, issuer.repository());
    List<byte[]> chain = new ArrayList<>();
    for (Issuer at = issuer; at != null; at = at.parent()) {
      chain.add(at.certificate());
    }
    return chain;
  }

  private void requireFreeLabel(String label) throws CaException {
    Long taken =
        em.createQuery("select count(i) from Issuer i where i.label = :l", Long.class)
            .setParameter("l", label)
            .getSingleResult();
    if (taken > 0) {
      throw new CaException(CaException.Reason.CONFLICT, "an issuer labelled " + label + " exists");
    }
  }

  private static String describe(Issuer issuer, KeyAlias alias, X509CertificateHolder cert) {
    return "label=%s subject=%s key=%s serial=%s"
        .formatted(issuer.label(), issuer.subjectDn(), alias, cert.getSerialNumber().toString(16));
  }

  static View view(Issuer i) {
    String serial = Issuance.holder(i.certificate()).getSerialNumber().toString(16);
    return new View(
        i.id(),
        i.repository().id(),
        i.label(),
        i.parent() == null ? null : i.parent().id(),
        i.isRoot(),
        i.subjectDn(),
        serial,
        i.pathLength(),
        i.notBefore(),
        i.notAfter(),
        i.enabled(),
        i.quotaRemaining(),
        i.createdAt());
  }
}
