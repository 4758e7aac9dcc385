package dev.pca.application;

import jakarta.ejb.Local;
import java.time.Instant;
import java.util.List;

/** The audit log: events are written with the action they record and verified as a chain. */
@Local
public interface AuditLog {
  /** An event as read back. */
  record Event(
      long seq,
      Instant at,
      String actor,
      String sourceAddress,
      String action,
      String objectType,
      String objectId,
      String outcome,
      String detail,
      boolean sealed) {}

  /** Which events to read; null fields match everything. */
  record Filter(
      String actor, String action, String objectType, String objectId, Instant from, Instant to) {}

  /**
   * The outcome of checking the chain: intact, or the first event (by seq) whose hash or place does
   * not match, or that was never sealed.
   */
  record Verification(boolean intact, long eventsChecked, Long firstBrokenSeq) {}

  /** Records a success in the caller's transaction: it commits or rolls back with the action. */
  void success(Actor actor, String action, String objectType, Object objectId, String detail);

  /** Records a refusal in a transaction of its own, as the refused action rolls back. */
  void refusal(Actor actor, String action, String objectType, Object objectId, String detail);

  /** Newest first, at most {@code limit} (up to 1000), older than {@code beforeSeq} if given. */
  List<Event> find(Filter filter, Long beforeSeq, int limit);

  Verification verify();
}
