package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.AuditLog;
import dev.pca.domain.model.audit.AuditEvent;
import dev.pca.domain.model.audit.AuditHead;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Stateless
public class AuditLogBean implements AuditLog {
  private static final int PAGE = 1000;
  private static final java.time.Duration UNSEALED_GRACE = java.time.Duration.ofMinutes(2);

  @PersistenceContext private EntityManager em;
  @EJB private AuditSealer sealer;

  @Override
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void success(
      Actor actor, String action, String objectType, Object objectId, String detail) {
    append(actor, action, objectType, objectId, "SUCCESS", detail);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void refusal(
      Actor actor, String action, String objectType, Object objectId, String detail) {
    append(actor, action, objectType, objectId, "REFUSED", detail);
  }

  /**
   * Writes the event in the caller's transaction without waiting for other writers; the sealer
   * links it into the chain once it has committed.
   */
  private void append(
      Actor actor, String action, String type, Object id, String outcome, String detail) {
    em.persist(
        new AuditEvent(
            AuditNumbers.next(em), Instant.now(), entry(actor, action, type, id, outcome, detail)));
  }

  /** What an event records, for writers that store it themselves ({@link IssuanceWriter}). */
  static AuditEvent.Entry entry(
      Actor actor, String action, String type, Object id, String outcome, String detail) {
    return new AuditEvent.Entry(
        actor.name(),
        actor.address(),
        action,
        type,
        String.valueOf(id),
        outcome,
        detail == null ? "" : detail);
  }

  @Override
  public List<Event> find(Filter filter, Long beforeSeq, int limit) {
    StringBuilder jpql = new StringBuilder("select e from AuditEvent e where 1 = 1");
    Map<String, Object> parameters = new HashMap<>();
    where(jpql, parameters, "actor", filter.actor(), "=");
    where(jpql, parameters, "action", filter.action(), "=");
    where(jpql, parameters, "objectType", filter.objectType(), "=");
    where(jpql, parameters, "objectId", filter.objectId(), "=");
    where(jpql, parameters, "at", filter.from(), ">=");
    where(jpql, parameters, "at", filter.to(), "<");
    where(jpql, parameters, "seq", beforeSeq, "<");
    TypedQuery<AuditEvent> query =
        em.createQuery(jpql.append(" order by e.seq desc").toString(), AuditEvent.class);
    parameters.forEach(query::setParameter);
    query.setMaxResults(Math.max(1, Math.min(limit, PAGE)));
    return query.getResultList().stream().map(AuditLogBean::event).toList();
  }

  private static void where(
      StringBuilder jpql, Map<String, Object> parameters, String field, Object value, String op) {
    if (value != null) {
      String name = "p" + parameters.size();
      jpql.append(" and e.").append(field).append(' ').append(op).append(" :").append(name);
      parameters.put(name, value);
    }
  }

  /** Seals what has committed, then walks the whole chain in pages, recomputing every hash. */
  @Override
  public Verification verify() {
    sealer.seal();
    byte[] previous = AuditHead.genesis();
    long checked = 0;
    long pos = 0;
    while (true) {
      List<AuditEvent> page =
          em.createQuery(
                  "select e from AuditEvent e where e.chainPos > :pos order by e.chainPos",
                  AuditEvent.class)
              .setParameter("pos", pos)
              .setMaxResults(PAGE)
              .getResultList();
      if (page.isEmpty()) {
        return ending(previous, pos, checked);
      }
      for (AuditEvent event : page) {
        if (event.chainPos() != pos + 1 || !Arrays.equals(event.chain(previous), event.hash())) {
          return new Verification(false, checked, event.seq());
        }
        previous = event.hash();
        pos = event.chainPos();
        checked++;
      }
      em.clear();
    }
  }

  /**
   * The last event must be the head (a truncated tail is as much an edit as a changed event), and
   * no committed event may stay outside the chain longer than the sealer takes.
   */
  private Verification ending(byte[] last, long lastPos, long checked) {
    AuditHead head = em.find(AuditHead.class, 1);
    if (head.pos() != lastPos || !Arrays.equals(head.hash(), last)) {
      return new Verification(false, checked, null);
    }
    List<Long> unsealed =
        em.createQuery(
                "select e.seq from AuditEvent e where e.chainPos is null and e.at < :before"
                    + " order by e.seq",
                Long.class)
            .setParameter("before", Instant.now().minus(UNSEALED_GRACE))
            .setMaxResults(1)
            .getResultList();
    return unsealed.isEmpty()
        ? new Verification(true, checked, null)
        : new Verification(false, checked, unsealed.get(0));
  }

  private static Event event(AuditEvent e) {
    return new Event(
        e.seq(),
        e.at(),
        e.actor(),
        e.sourceAddress(),
        e.action(),
        e.objectType(),
        e.objectId(),
        e.outcome(),
        e.detail(),
        e.chainPos() != null);
  }
}
