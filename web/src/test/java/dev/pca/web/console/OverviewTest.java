package dev.pca.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.application.Dashboard;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OverviewTest {
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

  @Test
  void bars_scaleToTheTallest_andAnEmptyChartHasNoNaN() {
    List<Overview.Bar> bars =
        Overview.bars(
            List.of(
                new Dashboard.Week(NOW, 4),
                new Dashboard.Week(NOW, 1),
                new Dashboard.Week(NOW, 0)));
    assertThat(bars).extracting(Overview.Bar::percent).containsExactly(100, 25, 0);

    assertThat(Overview.bars(List.of(new Dashboard.Week(NOW, 0))))
        .extracting(Overview.Bar::percent)
        .containsExactly(0);
  }

  @Test
  void health_judgesCrlByNextUpdate_andOcspByResponderValidity() {
    assertThat(Overview.crl(health(false, null, false, null), NOW)).isEqualTo("off");
    assertThat(Overview.crl(health(true, null, false, null), NOW)).isEqualTo("none");
    assertThat(Overview.crl(health(true, NOW.plusSeconds(60), false, null), NOW))
        .isEqualTo("current");
    assertThat(Overview.crl(health(true, NOW.minusSeconds(60), false, null), NOW))
        .isEqualTo("overdue");

    assertThat(Overview.ocsp(health(false, null, false, null), NOW)).isEqualTo("off");
    assertThat(Overview.ocsp(health(false, null, true, null), NOW)).isEqualTo("none");
    assertThat(Overview.ocsp(health(false, null, true, NOW.plusSeconds(60)), NOW))
        .isEqualTo("current");
  }

  private static Dashboard.Health health(
      boolean crl, Instant nextUpdate, boolean ocsp, Instant responderNotAfter) {
    return new Dashboard.Health(
        UUID.randomUUID(),
        "sub",
        "repo",
        true,
        crl,
        nextUpdate == null ? null : NOW.minusSeconds(3600),
        nextUpdate,
        ocsp,
        responderNotAfter);
  }
}
