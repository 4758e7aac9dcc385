package dev.pca.application.internal;

import dev.pca.application.CaException;
import dev.pca.application.Enrollments.Endpoint;
import dev.pca.application.Enrollments.Protocol;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The enabled profiles the protocol endpoints asked for lately. Every SCEP, EST and ACME request
 * names its profile; reading it from the database each time cost a transaction per request. A
 * change to any profile in this server forgets them all; another server's change shows within
 * {@link #TTL}. Calls that act on a device's behalf read the profile again, so a disabled profile
 * enrols nobody.
 */
final class EndpointCache {
  static final Duration TTL = Duration.ofSeconds(5);

  /** Bounds the memory a flood of names could take; enabled profiles are far fewer. */
  private static final int MAX_ENTRIES = 1_000;

  private record Key(String name, Protocol protocol) {}

  private record Cached(Endpoint endpoint, long expiresAt) {}

  interface Lookup {
    Endpoint endpoint() throws CaException;
  }

  private static final Map<Key, Cached> CACHE = new ConcurrentHashMap<>();

  private EndpointCache() {}

  static Endpoint get(String name, Protocol protocol, Lookup lookup) throws CaException {
    Key key = new Key(name, protocol);
    long now = System.nanoTime();
    Cached cached = CACHE.get(key);
    if (cached != null && now - cached.expiresAt() < 0) {
      return cached.endpoint();
    }
    Endpoint endpoint = lookup.endpoint();
    if (CACHE.size() >= MAX_ENTRIES) {
      CACHE.clear();
    }
    CACHE.put(key, new Cached(endpoint, now + TTL.toNanos()));
    return endpoint;
  }

  /** After a profile (or what it names) changed in this server. */
  static void forget() {
    CACHE.clear();
  }
}
