package dev.pca.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeriodTest {
  @Test
  void of_takesTheLargestUnitThatDividesExactly() {
    assertThat(Period.of(86400)).hasToString("1 d");
    assertThat(Period.of(7200)).hasToString("2 h");
    assertThat(Period.of(5400)).hasToString("90 min");
    assertThat(Period.of(90)).hasToString("90 s");
  }

  @Test
  void seconds_multipliesBack_emptyIsZero_hugeSaturates() {
    Period period = Period.of(3600);
    period.setAmount(30L);
    period.setUnit(Period.Unit.MINUTES);
    assertThat(period.seconds()).isEqualTo(1800);

    period.setAmount(null);
    assertThat(period.seconds()).isZero();

    period.setAmount(Long.MAX_VALUE / 2);
    period.setUnit(Period.Unit.DAYS);
    assertThat(period.seconds()).isEqualTo(Long.MAX_VALUE);
  }
}
