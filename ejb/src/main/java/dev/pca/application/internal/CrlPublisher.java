package dev.pca.application.internal;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps every issuer's CRLs current, every two seconds: a revocation, hold or release reaches the
 * CRLs at the next tick, and however many came in between, each issuer gets at most one full CRL
 * and one delta CRL per tick. On several nodes, each issuer's lock lets one of them do the work.
 *
 * <p>The revocation feed is followed incrementally: each tick reads only the revocations above the
 * last watermark (below which every id is final), so a quiet tick costs two small queries however
 * long the history.
 */
@Singleton
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CrlPublisher {
  private static final Logger LOG = Logger.getLogger(CrlPublisher.class.getName());

  @EJB private CrlGeneration generation;

  private final AtomicBoolean running = new AtomicBoolean();
  private final Map<String, Instant> complaints = new ConcurrentHashMap<>();

  /** The highest revocation id per issuer seen so far; only the tick that runs touches it. */
  private final Map<UUID, Long> feed = new HashMap<>();

  /** Every revocation id at or below it is final and in {@link #feed}; -1 before the first. */
  private long watermark = -1;

  @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void tick() {
    // A tick that outlasts two seconds (a CRL of a million entries) is not overtaken by the next.
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      publish();
    } catch (RuntimeException e) {
      complain("CRLs were not published", e);
    } finally {
      running.set(false);
    }
  }

  /** Makes what is due now; one issuer's failure does not hold up the others. */
  private void publish() {
    Instant now = Instant.now();
    List<CrlGeneration.Plan> plans = generation.plan(now);
    if (watermark < 0) {
      watermark = start(plans);
    }
    boolean moved = generation.latestRevocation() > watermark;
    if (!moved && plans.stream().noneMatch(plan -> due(plan, now))) {
      return;
    }
    // Read after the barrier, the feed above the old watermark holds every id up to the new one.
    long complete = generation.barrier();
    generation.feed(watermark).forEach((issuer, id) -> feed.merge(issuer, id, Math::max));
    watermark = Math.max(watermark, complete);
    for (CrlGeneration.Plan plan : plans) {
      long known = feed.getOrDefault(plan.issuerId(), 0L);
      try {
        if (CrlSchedule.fullDue(state(plan), plan.period(), now)) {
          generation.make(plan.issuerId(), false, complete, known);
          generation.make(plan.issuerId(), true, complete, known);
        } else if (CrlSchedule.deltaDue(state(plan), plan.period(), now)) {
          generation.make(plan.issuerId(), true, complete, known);
        }
      } catch (RuntimeException e) {
        complain("the CRLs of issuer " + plan.issuerId() + " were not made", e);
      }
    }
  }

  /**
   * Where to start following the feed: the oldest point any current CRL read it to, so that what
   * came after is seen; the present when no issuer has a CRL yet (each is due anyway).
   */
  private long start(List<CrlGeneration.Plan> plans) {
    long complete = generation.barrier();
    long from = complete;
    for (CrlGeneration.Plan plan : plans) {
      for (CrlSchedule.Newest crl : new CrlSchedule.Newest[] {plan.full(), plan.delta()}) {
        if (crl != null) {
          from = Math.min(from, crl.lastRevocationId());
        }
      }
    }
    generation.feed(from).forEach((issuer, id) -> feed.merge(issuer, id, Math::max));
    return complete;
  }

  private boolean due(CrlGeneration.Plan plan, Instant now) {
    CrlSchedule.State state = state(plan);
    return CrlSchedule.fullDue(state, plan.period(), now)
        || CrlSchedule.deltaDue(state, plan.period(), now);
  }

  private CrlSchedule.State state(CrlGeneration.Plan plan) {
    return new CrlSchedule.State(plan.full(), plan.delta(), feed.getOrDefault(plan.issuerId(), 0L));
  }

  /** The same failure every two seconds is logged in full once a minute, not each time. */
  private void complain(String what, RuntimeException e) {
    Instant now = Instant.now();
    Instant last = complaints.get(what);
    if (last == null || last.isBefore(now.minus(Duration.ofMinutes(1)))) {
      complaints.put(what, now);
      LOG.log(Level.WARNING, what, e);
    }
  }
}
