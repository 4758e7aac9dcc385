package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.AuditLog;
import dev.pca.application.CaException;
import dev.pca.application.Repositories;
import dev.pca.domain.model.repository.Repository;
import dev.pca.domain.model.repository.RevocationSettings;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Stateless
public class RepositoriesBean implements Repositories {
  @PersistenceContext private EntityManager em;
  @EJB private AuditLog audit;

  @Override
  public View create(Actor actor, Draft draft) throws CaException {
    Checks.valid(draft);
    requireFreeName(draft.name(), null);
    Repository repository = new Repository(draft.name(), settings(draft), Instant.now());
    em.persist(repository);
    audit.success(actor, "repository.create", "repository", repository.id(), describe(draft));
    return view(repository);
  }

  @Override
  public View change(Actor actor, UUID id, Draft draft) throws CaException {
    Checks.valid(draft);
    Repository repository = Lookups.repository(em, id);
    requireFreeName(draft.name(), id);
    repository.rename(draft.name());
    repository.configure(settings(draft));
    audit.success(actor, "repository.change", "repository", id, describe(draft));
    return view(repository);
  }

  @Override
  public void delete(Actor actor, UUID id) throws CaException {
    Repository repository = Lookups.repository(em, id);
    // Certificates belong to issuers, so a repository without issuers has none.
    for (String owned : List.of("Issuer", "Template")) {
      long count =
          em.createQuery(
                  "select count(o) from " + owned + " o where o.repository.id = :id", Long.class)
              .setParameter("id", id)
              .getSingleResult();
      if (count > 0) {
        throw new CaException(
            CaException.Reason.CONFLICT,
            "the repository is not empty: it has " + count + " " + owned.toLowerCase() + "(s)");
      }
    }
    em.remove(repository);
    audit.success(actor, "repository.delete", "repository", id, repository.name());
  }

  @Override
  public View get(Actor actor, UUID id) throws CaException {
    Repository repository = Lookups.repository(em, id);
    Scope.require(actor, repository);
    return view(repository);
  }

  @Override
  public List<View> list(Actor actor) {
    return em
        .createQuery("select r from Repository r order by r.name", Repository.class)
        .getResultList()
        .stream()
        .filter(r -> actor.mayActIn(r.name()))
        .map(RepositoriesBean::view)
        .toList();
  }

  private void requireFreeName(String name, UUID self) throws CaException {
    List<UUID> holders =
        em.createQuery("select r.id from Repository r where lower(r.name) = lower(:n)", UUID.class)
            .setParameter("n", name)
            .getResultList();
    if (holders.stream().anyMatch(holder -> !holder.equals(self))) {
      throw new CaException(CaException.Reason.CONFLICT, "a repository named " + name + " exists");
    }
  }

  private static RevocationSettings settings(Draft draft) {
    return new RevocationSettings(
        draft.crlEnabled(),
        Duration.ofSeconds(draft.crlPeriodSeconds()),
        draft.ocspEnabled(),
        Duration.ofSeconds(draft.ocspValiditySeconds()));
  }

  private static String describe(Draft draft) {
    return "name=%s crl=%s/%ds ocsp=%s/%ds"
        .formatted(
            draft.name(),
            draft.crlEnabled(),
            draft.crlPeriodSeconds(),
            draft.ocspEnabled(),
            draft.ocspValiditySeconds());
  }

  static View view(Repository r) {
    RevocationSettings s = r.settings();
    return new View(
        r.id(),
        r.name(),
        s.crlEnabled(),
        s.crlPeriod().toSeconds(),
        s.ocspEnabled(),
        s.ocspValidity().toSeconds(),
        r.createdAt());
  }
}
