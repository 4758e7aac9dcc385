package dev.pca.application.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

/**
 * Numbers audit events. Each server takes blocks of {@link #BLOCK} from {@code audit_event_seq},
 * which steps by as many (V4), and hands them out lowest first, as Hibernate's pooled-lo optimizer
 * did when it numbered events: a number is never given twice, by this server or another.
 */
final class AuditNumbers {
  static final int BLOCK = 50;

  private static long next = 1;
  private static long limit = 0;

  private AuditNumbers() {}

  static synchronized long next(EntityManager em) {
    if (next > limit) {
      // No flush of what the caller has pending: the number does not depend on it.
      long low =
          ((Number)
                  em.createNativeQuery("select nextval('audit_event_seq')")
                      .setFlushMode(FlushModeType.COMMIT)
                      .getSingleResult())
              .longValue();
      next = low;
      limit = low + BLOCK - 1;
    }
    return next++;
  }
}
