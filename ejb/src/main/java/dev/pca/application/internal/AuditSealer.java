package dev.pca.application.internal;

import dev.pca.domain.model.audit.AuditEvent;
import dev.pca.domain.model.audit.AuditHead;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Links committed audit events into the hash chain, every second and before each verification. The
 * head row's lock makes one sealer at a time work, on one node or many. Most events never need it:
 * issuance links its events as it inserts them ({@link IssuanceWriter}); configuration changes,
 * refusals and CRL signatures are written without waiting for the head and linked here.
 */
@Singleton
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AuditSealer {
  private static final int BATCH = 5000;

  @PersistenceContext private EntityManager em;

  @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
  void everySecond() {
    seal();
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void seal() {
    AuditHead head = em.find(AuditHead.class, 1, LockModeType.PESSIMISTIC_WRITE);
    List<AuditEvent> pending;
    do {
      pending =
          em.createQuery(
                  "select e from AuditEvent e where e.chainPos is null order by e.seq",
                  AuditEvent.class)
              .setMaxResults(BATCH)
              .getResultList();
      pending.forEach(head::seal);
      em.flush();
    } while (pending.size() == BATCH);
  }
}
