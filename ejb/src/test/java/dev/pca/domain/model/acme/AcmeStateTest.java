package dev.pca.domain.model.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state changes of RFC 8555 section 7.1.6, and expiry read from the clock. */
class AcmeStateTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static AcmeOrder order(boolean ready) {
    return new AcmeOrder(
        UUID.randomUUID(),
        new AcmeOrder.Asked("[]", null, null, null, NOW.plus(Duration.ofDays(7))),
        List.of(UUID.randomUUID()),
        ready,
        NOW);
  }

  @Test
  void order_pastItsExpiry_isInvalid() {
    AcmeOrder order = order(false);
    assertThat(order.status(NOW)).isEqualTo(AcmeOrder.Status.PENDING);
    assertThat(order.status(NOW.plus(Duration.ofDays(7)))).isEqualTo(AcmeOrder.Status.INVALID);
  }

  @Test
  void order_finalized_isValidAndStaysSo() {
    AcmeOrder order = order(true);
    UUID certificate = UUID.randomUUID();
    order.valid(certificate, NOW);
    assertThat(order.certificateId()).isEqualTo(certificate);
    assertThat(order.status(NOW.plus(Duration.ofDays(30)))).isEqualTo(AcmeOrder.Status.VALID);
  }

  @Test
  void order_notReady_isNotFinalized() {
    assertThatThrownBy(() -> order(false).valid(UUID.randomUUID(), NOW))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void authorization_validated_holdsUntilItsNewExpiry() {
    AcmeAuthorization authorization =
        new AcmeAuthorization(
            UUID.randomUUID(), "dns", "example.com", false, NOW.plus(Duration.ofDays(7)));
    authorization.valid(NOW, NOW.plus(Duration.ofDays(30)));
    assertThat(authorization.status(NOW.plus(Duration.ofDays(29))))
        .isEqualTo(AcmeAuthorization.Status.VALID);
    assertThat(authorization.status(NOW.plus(Duration.ofDays(30))))
        .isEqualTo(AcmeAuthorization.Status.EXPIRED);
  }

  @Test
  void authorization_expired_isNeitherValidatedNorFailed() {
    AcmeAuthorization authorization =
        new AcmeAuthorization(UUID.randomUUID(), "dns", "example.com", false, NOW);
    assertThat(authorization.status(NOW)).isEqualTo(AcmeAuthorization.Status.EXPIRED);
    assertThatThrownBy(() -> authorization.invalid(NOW)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> authorization.deactivate(NOW))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void challenge_startsOnceAndSettlesOnce() {
    AcmeChallenge challenge = new AcmeChallenge(UUID.randomUUID(), "http-01", "token");
    assertThatThrownBy(() -> challenge.valid(NOW)).isInstanceOf(IllegalStateException.class);
    assertThat(challenge.start()).isTrue();
    assertThat(challenge.start()).isFalse();
    challenge.invalid("{}");
    assertThat(challenge.status()).isEqualTo(AcmeChallenge.Status.INVALID);
    assertThat(challenge.error()).isEqualTo("{}");
  }

  @Test
  void account_deactivated_staysDeactivated() {
    AcmeAccount account =
        new AcmeAccount(UUID.randomUUID(), UUID.randomUUID(), "{}", "thumb", "[]", NOW);
    assertThat(account.valid()).isTrue();
    account.deactivate();
    account.deactivate();
    assertThat(account.status()).isEqualTo(AcmeAccount.Status.DEACTIVATED);
  }
}
