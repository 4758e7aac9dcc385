package dev.pca.ocsp;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Follows the {@code revocation} table, whose growing id is the feed of status changes, and evicts
 * the kept answers of each certificate named there: polled every {@link #PERIOD}, a revocation the
 * core acknowledged leaves every node's cache well within a second.
 *
 * <p>Ids are handed out when a row is written, not when it commits, so a smaller id may become
 * visible after a larger one. The feed therefore remembers the ids it has handled above its floor
 * (below which it has handled all) and reads from the floor each time; a gap that stays open longer
 * than {@link #GAP_PATIENCE} belonged to a transaction that rolled back, and is passed over.
 */
final class RevocationFeed {
  private static final Logger LOG = Logger.getLogger(RevocationFeed.class.getName());

  static final Duration PERIOD = Duration.ofMillis(200);
  static final Duration GAP_PATIENCE = Duration.ofSeconds(10);

  /** Rows read per query; a longer backlog is read in several. */
  static final int BATCH = 5000;

  /** One status change: which certificate it was about. */
  record Change(long id, UUID issuer, BigInteger serial) {}

  /** Where changes come from: the database, or a list in tests. */
  interface Source {
    /** The largest id there is, 0 for none. */
    long newest() throws Exception;

    /** Changes with an id above {@code id}, in id order, at most {@code limit}. */
    List<Change> after(long id, int limit) throws Exception;
  }

  /** What is told of each change. */
  interface Listener {
    void changed(UUID issuer, BigInteger serial);
  }

  /**
   * Changes this far back from the newest at start are read again: one may have been written
   * before, and committed after, the start.
   */
  static final long REREAD_AT_START = 1000;

  private final Source source;
  private final Listener listener;
  private final Clock clock;
  private final TreeSet<Long> handled = new TreeSet<>();
  private long floor = -1;
  private Instant gapSince;

  RevocationFeed(Source source, Listener listener, Clock clock) {
    this.source = source;
    this.listener = listener;
    this.clock = clock;
  }

  /** Reads what changed since the last poll and tells the listener; true when anything did. */
  synchronized boolean poll() throws Exception {
    if (floor < 0) {
      floor = Math.max(0, source.newest() - REREAD_AT_START);
    }
    boolean any = false;
    long cursor = floor;
    List<Change> changes;
    do {
      changes = source.after(cursor, BATCH);
      for (Change change : changes) {
        cursor = change.id();
        if (change.id() > floor && handled.add(change.id())) {
          listener.changed(change.issuer(), change.serial());
          any = true;
        }
      }
    } while (changes.size() == BATCH);
    advance();
    return any;
  }

  /** Moves the floor over every id handled in a row, and over gaps that stayed open too long. */
  private void advance() {
    Instant now = clock.instant();
    while (!handled.isEmpty()) {
      long next = handled.first();
      if (next == floor + 1) {
        floor = handled.pollFirst();
        gapSince = null;
      } else if (gapSince == null) {
        gapSince = now;
        return;
      } else if (now.isAfter(gapSince.plus(GAP_PATIENCE))) {
        long skipped = next - floor - 1;
        LOG.fine(
            () -> "revocation ids below " + next + " never came (" + skipped + "): rolled back");
        floor = next - 1;
        gapSince = null;
      } else {
        return;
      }
    }
  }

  /** The id below which every change has been handled; for tests. */
  synchronized long floor() {
    return floor;
  }
}
