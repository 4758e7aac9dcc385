package dev.pca.application.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When an issuer's CRLs are due: the same pure decision on every node, before and again under the
 * issuer's lock. A full CRL is made when there is none, when the newest has passed half of its
 * period, or when the revocation feed moved for the issuer since it; a delta CRL whenever the feed
 * moved since the newest delta, after each full CRL (so that the full CRL's freshestCRL pointer
 * always resolves to a delta that completes it), and at half of its period.
 *
 * <p>Two CRLs of one kind never share a thisUpdate second: HTTP caches (and Java's CRL fetcher)
 * tell a new CRL from the old one by Last-Modified, which has whole seconds.
 */
final class CrlSchedule {
  private CrlSchedule() {}

  /**
   * The newest CRL of one kind of an issuer: its number, its validity, and how far it had read the
   * revocation feed.
   */
  record Newest(long number, Instant thisUpdate, Instant nextUpdate, long lastRevocationId) {}

  /**
   * What is known of an issuer: its newest full and delta CRLs (null when none) and the highest
   * revocation id of its certificates (0 when none).
   */
  record State(Newest full, Newest delta, long feed) {}

  static boolean fullDue(State state, Duration period, Instant now) {
    Newest full = state.full();
    if (full == null) {
      return true;
    }
    if (sameSecond(full, now)) {
      return false;
    }
    return halfway(full, period, now) || state.feed() > full.lastRevocationId();
  }

  static boolean deltaDue(State state, Duration period, Instant now) {
    Newest full = state.full();
    Newest delta = state.delta();
    if (full == null) {
      return false;
    }
    if (delta == null) {
      return true;
    }
    if (sameSecond(delta, now)) {
      return false;
    }
    return delta.number() < full.number()
        || state.feed() > delta.lastRevocationId()
        || halfway(delta, period, now);
  }

  /**
   * Past half of the CRL's own period, or of the repository's period should that have been
   * shortened since.
   */
  private static boolean halfway(Newest crl, Duration period, Instant now) {
    Duration own = Duration.between(crl.thisUpdate(), crl.nextUpdate());
    Duration shorter = own.compareTo(period) < 0 ? own : period;
    return !now.isBefore(crl.thisUpdate().plus(shorter.dividedBy(2)));
  }

  private static boolean sameSecond(Newest crl, Instant now) {
    return !now.truncatedTo(ChronoUnit.SECONDS).isAfter(crl.thisUpdate());
  }
}
