package dev.pca.ocsp;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.cert.ocsp.CertificateID;

/**
 * Signed answers for good certificates, kept so that the common question (one certificate, no
 * nonce: RFC 5019's profile) costs no signature and no database read. Bounded in size; an answer is
 * made anew when half its validity has passed, when its issuer's responder changes, and at once
 * when the revocation feed names its certificate. Only good answers are kept: unknown serials are
 * free to invent and must not crowd out real ones.
 *
 * <p>A revocation may commit while an answer about the same certificate is being made from the
 * status read just before. The feed bumps {@link #epoch()} before it evicts; a maker that reads the
 * epoch before its database read, stores, then sees the epoch changed, takes its answer out again.
 * So no answer older than a revocation outlives the eviction.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5019#section-2.1.1">RFC 5019 section 2.1.1</a>
 */
final class GoodAnswers {
  /** What a cached answer is about. */
  record Key(UUID issuer, BigInteger serial) {}

  private record Entry(IssuerContext context, CertificateID id, Answer answer, Instant renewAt) {}

  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();
  private final int capacity;

  GoodAnswers(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a cache holds at least one answer");
    }
    this.capacity = capacity;
  }

  /**
   * The kept answer to exactly this CertID (hash algorithm included) from the issuer's current
   * responder, while it is fresh; else null.
   */
  Answer get(IssuerContext context, CertificateID id, Instant now) {
    Entry entry = entries.get(new Key(context.id(), id.getSerialNumber()));
    if (entry == null
        || entry.context() != context
        || !entry.renewAt().isAfter(now)
        || !entry.id().equals(id)) {
      return null;
    }
    return entry.answer();
  }

  /** Read before the database is: see the class comment. */
  long epoch() {
    return epoch.get();
  }

  /** Keeps an answer made from a status read after {@code epochBefore} was. */
  void put(
      IssuerContext context, CertificateID id, Answer answer, Instant renewAt, long epochBefore) {
    if (entries.size() >= capacity) {
      shed();
    }
    Key key = new Key(context.id(), id.getSerialNumber());
    Entry entry = new Entry(context, id, answer, renewAt);
    entries.put(key, entry);
    if (epoch.get() != epochBefore) {
      entries.remove(key, entry);
    }
  }

  /** Forgets the answers about one certificate, whose status changed. */
  void evict(UUID issuer, BigInteger serial) {
    epoch.incrementAndGet();
    entries.remove(new Key(issuer, serial));
  }

  int size() {
    return entries.size();
  }

  /** Makes room for an eighth of the capacity, taking whichever entries come first. */
  private void shed() {
    int drop = Math.max(1, capacity / 8);
    Iterator<Key> keys = entries.keySet().iterator();
    while (drop-- > 0 && keys.hasNext()) {
      keys.next();
      keys.remove();
    }
  }
}
