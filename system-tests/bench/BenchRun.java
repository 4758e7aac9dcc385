import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A timed run of the load drivers: COUNT operations taken in turn by CONCURRENCY threads, each with
 * a client of its own (its connection), each operation timed, and the CPU of the run counted by
 * {@link BenchCpu} when one is given. An operation handles its own failures.
 */
final class BenchRun {
  /** A thread's client, closed when the thread's share is done. */
  interface Clients<C extends AutoCloseable> {
    C open() throws Exception;
  }

  /** Operation {@code index} of the run, with the thread's client. */
  interface Operation<C> {
    void run(C client, int index) throws Exception;
  }

  /** What a run took: its seconds, each operation's nanoseconds, the CPU columns ("" without). */
  record Timed(double seconds, long[] latencies, String cpu) {
    double rate() {
      return latencies.length / seconds;
    }

    /** The latency at quantile {@code q} (0..1), in milliseconds. */
    double millis(double q) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }
  }

  private BenchRun() {}

  /**
   * Writes {@code lines} to the file named by environment variable BENCH_RECORD and {@code suffix},
   * when it is set: a script that runs several rounds merges their operations from these.
   */
  static void record(String suffix, Stream<String> lines) throws IOException {
    String record = System.getenv("BENCH_RECORD");
    if (record != null) {
      Files.write(Path.of(record + suffix), (Iterable<String>) lines::iterator);
    }
  }

  static <C extends AutoCloseable> Timed run(
      int count, int concurrency, BenchCpu cpu, Clients<C> clients, Operation<C> operation)
      throws Exception {
    long[] latencies = new long[count];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      if (cpu != null) {
        cpu.start();
      }
      long start = System.nanoTime();
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < concurrency; t++) {
        workers.add(
            pool.submit(
                () -> {
                  try (C client = clients.open()) {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                      long at = System.nanoTime();
                      operation.run(client, i);
                      latencies[i] = System.nanoTime() - at;
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      record(".latencies", Arrays.stream(latencies).mapToObj(n -> Long.toString(n / 1000)));
      return new Timed(seconds, latencies, cpu == null ? "" : cpu.perOperation(count));
    } finally {
      pool.shutdown();
    }
  }
}
