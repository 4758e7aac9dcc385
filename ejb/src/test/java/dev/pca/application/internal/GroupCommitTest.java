package dev.pca.application.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.domain.model.audit.AuditEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private static final ExecutorService WRITERS = Executors.newCachedThreadPool();

  /** Records what it was asked to store; refuses every batch that holds an entry named "bad". */
  static final class RecordingWriter extends IssuanceWriter {
    final List<String> written = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inside = new AtomicInteger();
    volatile int mostInside;

    @Override
    public void writeAlone(List<Entry> entries) {
      int now = inside.incrementAndGet();
      mostInside = Math.max(mostInside, now);
      try {
        Thread.sleep(2);
        if (entries.stream().anyMatch(e -> e.event().actor().equals("bad"))) {
          throw new IllegalStateException("refused");
        }
        batchSizes.add(entries.size());
        entries.forEach(e -> written.add(e.event().actor()));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        inside.decrementAndGet();
      }
    }
  }

  private static IssuanceWriter.Entry entry(String name) {
    return new IssuanceWriter.Entry(
        null, new AuditEvent.Entry(name, "test", "certificate.issue", "certificate", name, "", ""));
  }

  @Test
  void everyEntryIsWrittenOnceInBatchesByOneWriterAtATime_storedOrSubmitted() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    GroupCommit commit = new GroupCommit(writer, WRITERS);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String name = "e" + i;
      // Half store and wait; half submit, go on, and await.
      calls.add(
          i % 2 == 0
              ? pool.submit(() -> commit.store(entry(name)))
              : pool.submit(() -> commit.submit(entry(name)).await()));
    }
    for (Future<?> call : calls) {
      call.get();
    }
    pool.shutdown();

    assertThat(writer.written).hasSize(2000).doesNotHaveDuplicates();
    assertThat(writer.mostInside).isEqualTo(1);
    assertThat(writer.batchSizes).anyMatch(size -> size > 1).allMatch(size -> size <= 64);
  }

  @Test
  void aFailingEntryFailsOnlyItsOwnRequest() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    GroupCommit commit = new GroupCommit(writer, WRITERS);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> good = new ArrayList<>();
    List<Future<?>> bad = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String name = i % 50 == 7 ? "bad" : "e" + i;
      (name.equals("bad") ? bad : good).add(pool.submit(() -> commit.store(entry(name))));
    }
    for (Future<?> call : good) {
      call.get();
    }
    for (Future<?> call : bad) {
      assertThatThrownBy(call::get).hasRootCauseMessage("refused");
    }
    pool.shutdown();

    assertThat(writer.written).hasSize(good.size()).doesNotHaveDuplicates().doesNotContain("bad");
  }

  @Test
  void aLoneRequestIsWrittenAtOnce() {
    RecordingWriter writer = new RecordingWriter();
    new GroupCommit(writer, WRITERS).store(entry("only"));
    assertThat(writer.written).containsExactly("only");
    assertThat(writer.batchSizes).containsExactly(1);
  }

  @Test
  void aSubmittedEntryIsWrittenByAnotherThreadWhileTheCallerGoesOn() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    GroupCommit commit = new GroupCommit(writer, WRITERS);
    GroupCommit.Stored stored = commit.submit(entry("mine"));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (writer.written.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(writer.written).containsExactly("mine");
    stored.await();
    assertThat(writer.batchSizes).containsExactly(1);
  }

  @Test
  void whenNoThreadWritesASubmittedEntryItsAwaitDoes() {
    RecordingWriter writer = new RecordingWriter();
    GroupCommit commit =
        new GroupCommit(
            writer,
            task -> {
              throw new java.util.concurrent.RejectedExecutionException("full");
            });
    GroupCommit.Stored stored = commit.submit(entry("mine"));
    assertThat(writer.written).isEmpty();
    stored.await();
    assertThat(writer.written).containsExactly("mine");
  }

  @Test
  void awaitThrowsWhatTheSubmittedEntrysTransactionFailedWith() {
    RecordingWriter writer = new RecordingWriter();
    GroupCommit.Stored stored = new GroupCommit(writer, WRITERS).submit(entry("bad"));
    assertThatThrownBy(stored::await).hasMessage("refused");
  }
}
