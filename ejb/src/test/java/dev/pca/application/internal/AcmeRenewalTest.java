package dev.pca.application.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.application.Acme;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AcmeRenewalTest {
  /** RFC 9773 section 4.1's example. */
  private static final byte[] AKI =
      HexFormat.of().parseHex("69885b6b87464041e1b37b847ba0ae2cde01c8d4");

  private static final BigInteger SERIAL = new BigInteger("0087654321", 16);
  private static final String ID = "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE";

  @Test
  void of_rfcExample_givesItsIdentifier() {
    assertThat(AcmeRenewal.of(AKI, SERIAL)).isEqualTo(ID);
  }

  @Test
  void parse_rfcExample_givesItsParts() {
    AcmeRenewal.CertId id = AcmeRenewal.parse(ID);
    assertThat(id.authorityKeyId()).isEqualTo(AKI);
    assertThat(id.serial()).isEqualTo(SERIAL);
    assertThat(id.text()).isEqualTo(ID);
  }

  @Test
  void parse_paddedParts_meanTheSame() {
    assertThat(AcmeRenewal.parse("aYhba4dGQEHhs3uEe6CuLN4ByNQ=.AIdlQyE=").text()).isEqualTo(ID);
  }

  @Test
  void parse_notAnIdentifier_givesNull() {
    assertThat(AcmeRenewal.parse(null)).isNull();
    assertThat(AcmeRenewal.parse("aYhba4dGQEHhs3uEe6CuLN4ByNQ")).isNull();
    assertThat(AcmeRenewal.parse(".AIdlQyE")).isNull();
    assertThat(AcmeRenewal.parse("aYhba4dGQEHhs3uEe6CuLN4ByNQ.")).isNull();
    assertThat(AcmeRenewal.parse("a.b.c")).isNull();
    assertThat(AcmeRenewal.parse("a*b.AIdlQyE")).isNull();
    assertThat(AcmeRenewal.parse("aYhba4dGQEHhs3uEe6CuLN4ByNQ./w")).isNull(); // negative
    assertThat(AcmeRenewal.parse("x".repeat(300) + ".AQ")).isNull();
  }

  @Test
  void window_ninetyDays_isTheFourthSixth() {
    Instant notBefore = Instant.parse("2030-01-01T00:00:00Z");
    Acme.RenewalInfo info =
        AcmeRenewal.window(notBefore, notBefore.plus(Duration.ofDays(90)), false, notBefore);
    assertThat(info.start()).isEqualTo(notBefore.plus(Duration.ofDays(60)));
    assertThat(info.end()).isEqualTo(notBefore.plus(Duration.ofDays(75)));
    assertThat(info.retryAfter()).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void window_revoked_liesInThePast() {
    Instant now = Instant.parse("2030-02-01T00:00:00Z");
    Instant notBefore = Instant.parse("2030-01-01T00:00:00Z");
    Acme.RenewalInfo info =
        AcmeRenewal.window(notBefore, notBefore.plus(Duration.ofDays(90)), true, now);
    assertThat(info.end()).isBefore(now);
    assertThat(info.start()).isBefore(info.end());
  }
}
