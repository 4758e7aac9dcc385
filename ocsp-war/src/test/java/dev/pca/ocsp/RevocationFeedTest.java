package dev.pca.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RevocationFeedTest {
  private final UUID issuer = UUID.randomUUID();
  private final TreeMap<Long, RevocationFeed.Change> table = new TreeMap<>();
  private final List<Long> told = new ArrayList<>();
  private final TestPki.MovingClock clock = new TestPki.MovingClock();
  private final RevocationFeed feed =
      new RevocationFeed(
          new RevocationFeed.Source() {
            @Override
            public long newest() {
              return table.isEmpty() ? 0 : table.lastKey();
            }

            @Override
            public List<RevocationFeed.Change> after(long id, int limit) {
              return table.tailMap(id, false).values().stream().limit(limit).toList();
            }
          },
          (issuer, serial) -> told.add(serial.longValue()),
          clock);

  @Test
  void changes_areToldOnceEach() throws Exception {
    commit(1);
    commit(2);
    feed.poll();
    commit(3);
    feed.poll();
    feed.poll();

    assertThat(told).containsExactly(1L, 2L, 3L);
    assertThat(feed.floor()).isEqualTo(3);
  }

  @Test
  void aSmallerIdCommittedLater_isStillTold() throws Exception {
    commit(1);
    commit(3); // 2 is written but not yet committed
    feed.poll();
    clock.advance(Duration.ofSeconds(2));
    commit(2);
    feed.poll();

    assertThat(told).containsExactly(1L, 3L, 2L);
    assertThat(feed.floor()).isEqualTo(3);
  }

  @Test
  void aGapThatNeverFills_isPassedOverAfterThePatience() throws Exception {
    commit(1);
    commit(3);
    feed.poll();
    clock.advance(RevocationFeed.GAP_PATIENCE.plusSeconds(1));
    feed.poll();
    commit(4);
    feed.poll();

    assertThat(told).containsExactly(1L, 3L, 4L);
    assertThat(feed.floor()).isEqualTo(4);
  }

  @Test
  void atStart_recentChangesAreReadAgain() throws Exception {
    for (long id = 1; id <= RevocationFeed.REREAD_AT_START + 5; id++) {
      commit(id);
    }

    feed.poll();

    assertThat(told).hasSize((int) RevocationFeed.REREAD_AT_START);
    assertThat(told.get(0)).isEqualTo(6L);
  }

  @Test
  void aBacklogLongerThanABatch_isReadWhole() throws Exception {
    feed.poll();
    for (long id = 1; id <= RevocationFeed.BATCH * 2 + 7; id++) {
      commit(id);
    }

    feed.poll();

    assertThat(told).hasSize(RevocationFeed.BATCH * 2 + 7);
  }

  private void commit(long id) {
    table.put(id, new RevocationFeed.Change(id, issuer, BigInteger.valueOf(id)));
  }
}
