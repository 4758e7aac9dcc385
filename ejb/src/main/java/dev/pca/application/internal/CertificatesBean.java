package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.AuditLog;
import dev.pca.application.CaException;
import dev.pca.application.Certificates;
import dev.pca.domain.model.certificate.Certificate;
import dev.pca.domain.model.certificate.CertificateStatus;
import dev.pca.domain.model.certificate.Revocation;
import dev.pca.domain.model.certificate.RevocationReason;
import dev.pca.domain.model.issuer.Issuer;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

@Stateless
public class CertificatesBean implements Certificates {
  private static final int MAX_PAGE = 500;

  @PersistenceContext private EntityManager em;
  @EJB private AuditLog audit;
  @EJB private Issuance issuance;

  @Override
  public Issued issue(Actor actor, UUID issuerId, CsrRequest request, String channel)
      throws CaException {
    Checks.valid(request);
    Scope.require(actor, Lookups.issuer(em, issuerId).repository());
    return issuance.issue(actor, issuerId, request, channel == null ? "REST" : channel);
  }

  @Override
  public KeyIssued issueWithServerKey(
      Actor actor, UUID issuerId, KeyRequest request, String channel) throws CaException {
    Checks.valid(request);
    Scope.require(actor, Lookups.issuer(em, issuerId).repository());
    return issuance.issueWithServerKey(
        actor, issuerId, request, channel == null ? "REST" : channel);
  }

  @Override
  public Issued renew(Actor actor, UUID certificateId, String csr) throws CaException {
    Certificate old = Lookups.certificate(em, certificateId);
    Scope.require(actor, old.issuer().repository());
    if (old.status() == CertificateStatus.REVOKED) {
      throw new CaException(CaException.Reason.CONFLICT, "a revoked certificate is not renewed");
    }
    return issuance.renew(actor, old, csr);
  }

  @Override
  public View revoke(Actor actor, UUID id, RevocationReason reason, Instant invalidityDate)
      throws CaException {
    Certificate certificate = locked(id);
    Scope.require(actor, certificate.issuer().repository());
    Instant now = Instant.now();
    if (invalidityDate != null && invalidityDate.isAfter(now)) {
      throw new CaException(CaException.Reason.INVALID, "the invalidity date lies in the future");
    }
    try {
      em.persist(certificate.revoke(reason, now, invalidityDate, actor.name()));
    } catch (IllegalStateException e) {
      throw new CaException(CaException.Reason.CONFLICT, e.getMessage());
    }
    disableIssuerOf(certificate, reason);
    audit.success(
        actor,
        reason == RevocationReason.CERTIFICATE_HOLD ? "certificate.hold" : "certificate.revoke",
        "certificate",
        id,
        "issuer=%s serial=%s reason=%s"
            .formatted(certificate.issuer().label(), certificate.serial(), reason));
    return view(certificate);
  }

  /** Revoking an intermediate's certificate for good takes that intermediate out of service. */
  private void disableIssuerOf(Certificate certificate, RevocationReason reason) {
    if (reason == RevocationReason.CERTIFICATE_HOLD) {
      return;
    }
    byte[] der = certificate.der();
    em
        .createQuery("select i from Issuer i where i.parent = :p", Issuer.class)
        .setParameter("p", certificate.issuer())
        .getResultList()
        .stream()
        .filter(i -> Arrays.equals(i.certificate(), der))
        .forEach(Issuer::disable);
  }

  @Override
  public View release(Actor actor, UUID id) throws CaException {
    Certificate certificate = locked(id);
    Scope.require(actor, certificate.issuer().repository());
    try {
      em.persist(certificate.release(Instant.now(), actor.name()));
    } catch (IllegalStateException e) {
      throw new CaException(CaException.Reason.CONFLICT, e.getMessage());
    }
    audit.success(
        actor,
        "certificate.release",
        "certificate",
        id,
        "issuer=%s serial=%s".formatted(certificate.issuer().label(), certificate.serial()));
    return view(certificate);
  }

  /** The certificate, if the actor may read it. */
  private Certificate readable(Actor actor, UUID id) throws CaException {
    Certificate certificate = Lookups.certificate(em, id);
    Scope.require(actor, certificate.issuer().repository());
    return certificate;
  }

  private Certificate locked(UUID id) throws CaException {
    Certificate certificate = em.find(Certificate.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (certificate == null) {
      throw new CaException(CaException.Reason.NOT_FOUND, "no certificate " + id);
    }
    return certificate;
  }

  @Override
  public View get(Actor actor, UUID id) throws CaException {
    return view(readable(actor, id));
  }

  @Override
  public List<Step> history(Actor actor, UUID id) throws CaException {
    readable(actor, id);
    return em
        .createQuery(
            "select r from Revocation r where r.certificateId = :c order by r.at, r.id",
            Revocation.class)
        .setParameter("c", id)
        .getResultList()
        .stream()
        .map(
            r ->
                new Step(
                    r.action().name(),
                    r.reason() == null ? null : r.reason().name(),
                    r.at(),
                    r.actor()))
        .toList();
  }

  @Override
  public Page search(Actor actor, Query query) throws CaException {
    Checks.valid(query);
    StringBuilder where = new StringBuilder(" from Certificate c where 1 = 1");
    Map<String, Object> parameters = new HashMap<>();
    if (actor.limited()) {
      where.append(" and c.repositoryId in (" + Scope.REPOSITORY_IDS + ")");
      parameters.put("scope", actor.repositories());
    }
    if (query.repositoryId() != null) {
      where.append(" and c.repositoryId = :repository");
      parameters.put("repository", query.repositoryId());
    }
    if (query.issuerId() != null) {
      where.append(" and c.issuer.id = :issuer");
      parameters.put("issuer", query.issuerId());
    }
    statusClause(query.status(), where, parameters);
    if (query.text() != null && !query.text().isBlank()) {
      where.append(
          " and (lower(c.subjectDn) like :text or lower(c.sans) like :text or c.serial = :serial)");
      parameters.put("text", "%" + query.text().toLowerCase(Locale.ROOT).strip() + "%");
      parameters.put("serial", query.text().toLowerCase(Locale.ROOT).strip());
    }
    TypedQuery<Long> count = em.createQuery("select count(c)" + where, Long.class);
    TypedQuery<Certificate> page =
        em.createQuery("select c" + where + " order by c.createdAt desc, c.id", Certificate.class);
    parameters.forEach(
        (name, value) -> {
          count.setParameter(name, value);
          page.setParameter(name, value);
        });
    page.setFirstResult(Math.max(0, query.offset()));
    page.setMaxResults(Math.max(1, Math.min(query.limit(), MAX_PAGE)));
    List<View> items = page.getResultList().stream().map(CertificatesBean::view).toList();
    return new Page(items, count.getSingleResult());
  }

  /** EXPIRED is read from notAfter; VALID means valid and not expired. */
  private static void statusClause(String status, StringBuilder where, Map<String, Object> p) {
    if (status == null || status.isBlank()) {
      return;
    }
    String wanted = status.toUpperCase(Locale.ROOT);
    if (!wanted.equals("VALID") && !wanted.equals("EXPIRED")) {
      p.put("status", CertificateStatus.valueOf(wanted));
    } else {
      p.put("now", Instant.now());
    }
    switch (wanted) {
      case "EXPIRED" -> where.append(" and c.notAfter <= :now");
      case "VALID" -> where.append(" and c.status = :status and c.notAfter > :now");
      default -> where.append(" and c.status = :status");
    }
    if (wanted.equals("VALID")) {
      p.put("status", CertificateStatus.VALID);
    }
  }

  @Override
  public List<byte[]> chain(Actor actor, UUID id) throws CaException {
    Certificate certificate = readable(actor, id);
    List<byte[]> chain = new ArrayList<>();
    chain.add(certificate.der());
    for (Issuer at = certificate.issuer(); at != null; at = at.parent()) {
      chain.add(at.certificate());
    }
    return chain;
  }

  static View view(Certificate c) {
    String status =
        c.status() == CertificateStatus.VALID && !c.notAfter().isAfter(Instant.now())
            ? "EXPIRED"
            : c.status().name();
    return new View(
        c.id(),
        c.repositoryId(),
        c.issuer().id(),
        c.issuer().label(),
        c.templateId(),
        c.serial(),
        c.subjectDn(),
        c.sans().isEmpty() ? List.of() : List.of(c.sans().split(", ")),
        c.notBefore(),
        c.notAfter(),
        status,
        c.revocationReason() == null ? null : c.revocationReason().name(),
        c.revokedAt(),
        c.invalidityDate(),
        c.requestedBy(),
        c.channel(),
        c.replacesId(),
        c.createdAt());
  }
}
