package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NoncesTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void use_issuedNonce_worksOnce() {
    Nonces nonces = new Nonces(10, Duration.ofHours(1), clock);
    String nonce = nonces.next();

    assertThat(nonce).matches("[A-Za-z0-9_-]{22}");
    assertThat(nonces.use(nonce)).isTrue();
    assertThat(nonces.use(nonce)).isFalse();
  }

  @Test
  void use_unknownOrMissingNonce_fails() {
    Nonces nonces = new Nonces(10, Duration.ofHours(1), clock);

    assertThat(nonces.use("AAAAAAAAAAAAAAAAAAAAAA")).isFalse();
    assertThat(nonces.use(null)).isFalse();
  }

  @Test
  void use_expiredNonce_fails() {
    Nonces nonces = new Nonces(10, Duration.ofHours(1), clock);
    String nonce = nonces.next();

    now = now.plus(Duration.ofHours(1));

    assertThat(nonces.use(nonce)).isFalse();
  }

  @Test
  void next_beyondCapacity_dropsTheOldest() {
    Nonces nonces = new Nonces(3, Duration.ofHours(1), clock);
    String oldest = nonces.next();
    nonces.next();
    nonces.next();
    String newest = nonces.next();

    assertThat(nonces.size()).isEqualTo(3);
    assertThat(nonces.use(oldest)).isFalse();
    assertThat(nonces.use(newest)).isTrue();
  }

  @Test
  void next_isUnguessable() {
    Nonces nonces = new Nonces();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(nonces.next());
    }
    assertThat(seen).hasSize(1000);
  }
}
