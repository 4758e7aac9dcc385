package dev.pca.application.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.application.internal.CrlSchedule.Newest;
import dev.pca.application.internal.CrlSchedule.State;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrlScheduleTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final Instant MADE = Instant.parse("2030-01-01T00:00:00Z");
  private static final Newest FULL = new Newest(5, MADE, MADE.plus(DAY), 100);
  private static final Newest DELTA = new Newest(6, MADE, MADE.plus(DAY), 100);
  private static final Instant SOON = MADE.plusSeconds(10);

  @Test
  void nothingYet_fullIsDueAndDeltaWaitsForIt() {
    State none = new State(null, null, 0);

    assertThat(CrlSchedule.fullDue(none, DAY, SOON)).isTrue();
    assertThat(CrlSchedule.deltaDue(none, DAY, SOON)).isFalse();
  }

  @Test
  void fresh_andNothingChanged_nothingIsDue() {
    State state = new State(FULL, DELTA, 100);

    assertThat(CrlSchedule.fullDue(state, DAY, SOON)).isFalse();
    assertThat(CrlSchedule.deltaDue(state, DAY, SOON)).isFalse();
  }

  @Test
  void feedMoved_bothAreDue() {
    State state = new State(FULL, DELTA, 101);

    assertThat(CrlSchedule.fullDue(state, DAY, SOON)).isTrue();
    assertThat(CrlSchedule.deltaDue(state, DAY, SOON)).isTrue();
  }

  @Test
  void fullNewerThanTheDelta_deltaIsDue() {
    Newest newerFull = new Newest(7, MADE.plusSeconds(4), MADE.plus(DAY), 100);

    assertThat(CrlSchedule.deltaDue(new State(newerFull, DELTA, 100), DAY, SOON)).isTrue();
  }

  @Test
  void fullWithoutDelta_deltaIsDue() {
    assertThat(CrlSchedule.deltaDue(new State(FULL, null, 100), DAY, SOON)).isTrue();
  }

  @Test
  void halfOfThePeriodGone_bothAreDue() {
    Instant half = MADE.plus(DAY.dividedBy(2));
    State state = new State(FULL, DELTA, 100);

    assertThat(CrlSchedule.fullDue(state, DAY, half.minusSeconds(1))).isFalse();
    assertThat(CrlSchedule.fullDue(state, DAY, half)).isTrue();
    assertThat(CrlSchedule.deltaDue(state, DAY, half)).isTrue();
  }

  @Test
  void periodShortenedSince_theShorterHalfCounts() {
    State state = new State(FULL, DELTA, 100);

    assertThat(CrlSchedule.fullDue(state, Duration.ofMinutes(10), MADE.plusSeconds(300))).isTrue();
  }

  @Test
  void sameSecondAsTheNewest_waitsForTheNextSecond() {
    State changed = new State(FULL, DELTA, 101);

    assertThat(CrlSchedule.fullDue(changed, DAY, MADE.plusMillis(900))).isFalse();
    assertThat(CrlSchedule.deltaDue(changed, DAY, MADE.plusMillis(900))).isFalse();
    assertThat(CrlSchedule.fullDue(changed, DAY, MADE.plusSeconds(1))).isTrue();
  }
}
