package dev.pca.application.internal;

import dev.pca.application.CaException;
import dev.pca.domain.model.certificate.Certificate;
import dev.pca.domain.model.issuer.Issuer;
import dev.pca.domain.model.repository.Repository;
import dev.pca.domain.model.template.Template;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/** Finding aggregates by id, refusing with NOT_FOUND the same way everywhere. */
final class Lookups {
  private Lookups() {}

  static Repository repository(EntityManager em, UUID id) throws CaException {
    return found(em.find(Repository.class, id), "repository", id);
  }

  static Issuer issuer(EntityManager em, UUID id) throws CaException {
    return found(em.find(Issuer.class, id), "issuer", id);
  }

  static Issuer lockedIssuer(EntityManager em, UUID id) throws CaException {
    return found(em.find(Issuer.class, id, LockModeType.PESSIMISTIC_WRITE), "issuer", id);
  }

  static Template template(EntityManager em, UUID id) throws CaException {
    return found(em.find(Template.class, id), "template", id);
  }

  static Certificate certificate(EntityManager em, UUID id) throws CaException {
    return found(em.find(Certificate.class, id), "certificate", id);
  }

  private static <T> T found(T entity, String kind, UUID id) throws CaException {
    if (entity == null) {
      throw new CaException(CaException.Reason.NOT_FOUND, "no " + kind + " " + id);
    }
    return entity;
  }
}
