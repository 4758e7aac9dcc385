package dev.pca.application.internal;

import dev.pca.domain.model.audit.AuditEvent;
import dev.pca.domain.model.audit.AuditHead;
import dev.pca.domain.model.certificate.Certificate;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * Stores issued certificates with their audit events, linking each event into the hash chain as it
 * is inserted: the chain's head is locked for the transaction, so no later update is needed.
 */
@Stateless
public class IssuanceWriter {
  /**
   * One issuance to store: the certificate, the event that records it, and a record of the caller
   * that belongs with it (null for none), stored after the certificate.
   */
  public record Entry(Certificate certificate, AuditEvent.Entry event, Object companion) {
    public Entry(Certificate certificate, AuditEvent.Entry event) {
      this(certificate, event, null);
    }
  }

  @PersistenceContext private EntityManager em;

  /** Stores a batch in a transaction of its own, for {@link GroupCommit}. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void writeAlone(List<Entry> entries) {
    write(entries);
  }

  /** Stores in the caller's transaction, with whatever else it changed. */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void write(List<Entry> entries) {
    AuditHead head = em.find(AuditHead.class, 1, LockModeType.PESSIMISTIC_WRITE);
    Instant now = Instant.now();
    for (Entry entry : entries) {
      em.persist(entry.certificate());
      if (entry.companion() != null) {
        em.persist(entry.companion());
      }
      // Sealed before it is stored: one insert, where persisting first made Hibernate insert the
      // unsealed event and then update it (a second row version and its index entries).
      AuditEvent event = new AuditEvent(AuditNumbers.next(em), now, entry.event());
      head.seal(event);
      em.persist(event);
    }
  }
}
