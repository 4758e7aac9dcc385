package dev.pca.enrollment.acme;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anti-replay nonces: 128 random bits each, base64url, accepted once, for a bounded time and in a
 * bounded number (the oldest go first when the bound is reached, and the client retries on
 * badNonce). Kept in memory: a restart only makes clients retry once.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-6.5">RFC 8555 section 6.5</a>
 */
final class Nonces {
  static final int CAPACITY = 100_000;
  static final Duration LIFETIME = Duration.ofHours(1);

  private static final int BYTES = 16;

  private final int capacity;
  private final Duration lifetime;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Issued nonces and when each expires, oldest first (all live equally long). */
  private final LinkedHashMap<String, Instant> issued = new LinkedHashMap<>();

  Nonces() {
    this(CAPACITY, LIFETIME, Clock.systemUTC());
  }

  Nonces(int capacity, Duration lifetime, Clock clock) {
    this.capacity = capacity;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** A fresh nonce for a Replay-Nonce header. */
  String next() {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    String nonce = Base64Url.encode(bytes);
    Instant now = clock.instant();
    synchronized (issued) {
      purge(now);
      while (issued.size() >= capacity) {
        Iterator<String> oldest = issued.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
      issued.put(nonce, now.plus(lifetime));
    }
    return nonce;
  }

  /**
   * Whether the nonce was issued here, has not expired and was not used before; it is used now.
   * "The server MUST ... reject the request" for one that is not.
   */
  boolean use(String nonce) {
    if (nonce == null) {
      return false;
    }
    Instant now = clock.instant();
    synchronized (issued) {
      Instant expires = issued.remove(nonce);
      return expires != null && now.isBefore(expires);
    }
  }

  int size() {
    synchronized (issued) {
      return issued.size();
    }
  }

  private void purge(Instant now) {
    Iterator<Map.Entry<String, Instant>> entries = issued.entrySet().iterator();
    while (entries.hasNext() && !now.isBefore(entries.next().getValue())) {
      entries.remove();
    }
  }
}
