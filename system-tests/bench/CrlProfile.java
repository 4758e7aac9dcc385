import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Helper of {@code system-tests/bench/crl.sh}: where the server thread that made a CRL spent its
 * time, from a Java Flight Recorder file. Only the samples of that thread between two instants (the
 * start and end of {@code CrlGeneration.make}) count. Each sample is put in a phase of the CRL (by
 * the product method on its stack), in a category (by the first frame from the top that says what
 * the thread was doing) and under its top frame, and weighted by its sampling period: 10 ms for
 * Java samples and 20 ms for native ones, as in JDK 17's {@code profile} settings.
 *
 * <p>Java samples show how the time the thread spent running Java code divides; native ones are
 * sparse (JFR takes one thread in native code per period, among all of WildFly's threads that wait
 * in native code), so their column shows what native code ran, not for how long. Prints Markdown
 * tables.
 *
 * <p>Usage: {@code java CrlProfile.java <file.jfr> <thread name> <from epoch ms> <to epoch ms>}
 */
public final class CrlProfile {
  private static final int JAVA_PERIOD_MS = 10;
  private static final int NATIVE_PERIOD_MS = 20;

  private CrlProfile() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String thread = args[1];
    Instant from = Instant.ofEpochMilli(Long.parseLong(args[2]));
    Instant to = Instant.ofEpochMilli(Long.parseLong(args[3]));
    Tally phases = new Tally();
    Tally categories = new Tally();
    Tally tops = new Tally();
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        String type = event.getEventType().getName();
        boolean java = type.equals("jdk.ExecutionSample");
        if (!java && !type.equals("jdk.NativeMethodSample")) {
          continue;
        }
        if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
          continue;
        }
        RecordedThread sampled = event.getThread("sampledThread");
        if (sampled == null || !thread.equals(sampled.getJavaName())) {
          continue;
        }
        List<String> frames = new ArrayList<>();
        if (event.getStackTrace() != null) {
          for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
          }
        }
        phases.add(phase(frames), java);
        categories.add(category(frames), java);
        tops.add(frames.isEmpty() ? "(no frames)" : frames.get(0), java);
      }
    }
    System.out.printf(
        "Samples of `%s` over the %d ms of make(): %d ms of Java samples, %d ms of native"
            + " ones.%n%n",
        thread, to.toEpochMilli() - from.toEpochMilli(), phases.java(), phases.nativ());
    phases.print("phase of the CRL", 20, true);
    categories.print("what the thread was doing (first telling frame from the top)", 20, false);
    tops.print("top frame", 12, false);
  }

  /** Sampled milliseconds per key, Java and native apart. */
  private static final class Tally {
    private final Map<String, int[]> rows = new TreeMap<>();

    void add(String key, boolean java) {
      rows.computeIfAbsent(key, k -> new int[2])[java ? 0 : 1] +=
          java ? JAVA_PERIOD_MS : NATIVE_PERIOD_MS;
    }

    int java() {
      return rows.values().stream().mapToInt(row -> row[0]).sum();
    }

    int nativ() {
      return rows.values().stream().mapToInt(row -> row[1]).sum();
    }

    void print(String title, int limit, boolean byKey) {
      int java = Math.max(1, java());
      System.out.printf("| %s | Java ms | %% of Java | native ms |%n|---|---:|---:|---:|%n", title);
      rows.entrySet().stream()
          .sorted(
              byKey
                  ? Map.Entry.comparingByKey()
                  : Comparator.comparingInt((Map.Entry<String, int[]> row) -> row.getValue()[0])
                      .thenComparingInt(row -> row.getValue()[1])
                      .reversed())
          .limit(limit)
          .forEach(
              row ->
                  System.out.printf(
                      "| %s | %d | %.0f | %d |%n",
                      row.getKey().replace("|", "\\|"),
                      row.getValue()[0],
                      100.0 * row.getValue()[0] / java,
                      row.getValue()[1]));
      System.out.println();
    }
  }

  /** The step of CrlGeneration.write the sample is in, by the product method on its stack. */
  private static String phase(List<String> frames) {
    for (String frame : frames) {
      if (frame.equals("dev.pca.application.internal.CrlRows.fullEntries")) {
        return "1. rows from the cursor into CrlWriter.add";
      }
      if (frame.equals("dev.pca.crypto.x509.CrlWriter.sign")) {
        return "2. CrlWriter.sign: the TBSCertList through the token's signature";
      }
      if (frame.equals("dev.pca.crypto.x509.CrlWriter$Signed.writeTo")) {
        return "3. Signed.writeTo: the DER into crl_chunk";
      }
    }
    return "4. the rest of make() (lock, checks, crl row, audit, prune)";
  }

  private static String category(List<String> frames) {
    for (String frame : frames) {
      if (frame.startsWith("sun.nio.ch.Net.")
          || frame.startsWith("sun.nio.ch.NioSocketImpl.")
          || frame.startsWith("sun.nio.ch.SocketDispatcher.")
          || frame.startsWith("java.net.Socket")) {
        return "socket I/O with PostgreSQL (mostly waiting for rows / for the insert)";
      }
      if (frame.startsWith("sun.nio.ch.FileDispatcherImpl.")
          || frame.startsWith("sun.nio.ch.FileChannelImpl.")
          || frame.startsWith("java.io.FileInputStream.")
          || frame.startsWith("java.io.FileOutputStream.")
          || frame.startsWith("java.io.RandomAccessFile.")) {
        return "temporary file I/O";
      }
      if (frame.startsWith("sun.security.pkcs11.")) {
        return "SunPKCS11 / SoftHSM2 (digest and signature on the token)";
      }
      if (frame.startsWith("org.postgresql.")) {
        return "PostgreSQL JDBC driver (protocol, decoding values)";
      }
      if (frame.startsWith("dev.pca.crypto.x509.CrlWriter")) {
        return "CrlWriter (DER encoding, streaming)";
      }
      if (frame.startsWith("dev.pca.application.internal.CrlRows")) {
        return "CrlRows (entries from rows: serials, times)";
      }
      if (frame.startsWith("dev.pca.crypto.Token")) {
        return "Token's signing stream";
      }
      if (frame.startsWith("dev.pca.")) {
        return "other product code (" + frame.substring(0, frame.lastIndexOf('.')) + ")";
      }
    }
    return "other (" + (frames.isEmpty() ? "no frames" : frames.get(0)) + ")";
  }
}
