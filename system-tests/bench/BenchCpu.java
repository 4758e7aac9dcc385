import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time that groups of processes spent during a timed run, read from /proc, so that a result
 * says where the machine's two cores went: the server, its database, the load driver. A group is
 * {@code name=comm:NAME} (processes of that command name, such as every PostgreSQL backend) or
 * {@code name=cmd:TEXT} (processes whose command line holds TEXT); the driver's own process is
 * group {@code driver}. Groups come from the environment variable BENCH_CPU, comma-separated.
 */
final class BenchCpu {
  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final Map<String, String> groups = new LinkedHashMap<>();
  private Map<String, Long> start;

  BenchCpu(String spec) {
    if (spec != null) {
      for (String group : spec.split(",")) {
        int equals = group.indexOf('=');
        if (equals > 0) {
          groups.put(group.substring(0, equals).trim(), group.substring(equals + 1).trim());
        }
      }
    }
    groups.put("driver", "pid:" + ProcessHandle.current().pid());
  }

  static BenchCpu fromEnvironment() {
    return new BenchCpu(System.getenv("BENCH_CPU"));
  }

  void start() {
    start = ticks();
  }

  /** " cpu_NAME_ms=X" for each group: milliseconds of CPU per operation since start(). */
  String perOperation(int operations) {
    Map<String, Long> end = ticks();
    StringBuilder out = new StringBuilder();
    for (String name : groups.keySet()) {
      double millis = (end.get(name) - start.get(name)) * 1000 / TICKS_PER_SECOND;
      out.append(String.format(" cpu_%s_ms=%.2f", name, millis / operations));
    }
    return out.toString();
  }

  private Map<String, Long> ticks() {
    Map<String, Long> sums = new LinkedHashMap<>();
    groups.keySet().forEach(name -> sums.put(name, 0L));
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        String stat;
        try {
          stat = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
          continue; // it ended meanwhile
        }
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
        String pid = process.getFileName().toString();
        for (Map.Entry<String, String> group : groups.entrySet()) {
          if (matches(group.getValue(), pid, comm, process)) {
            sums.merge(group.getKey(), cpu, Long::sum);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc", e);
    }
    return sums;
  }

  private static boolean matches(String rule, String pid, String comm, Path process) {
    if (rule.startsWith("pid:")) {
      return rule.substring(4).equals(pid);
    }
    if (rule.startsWith("comm:")) {
      return rule.substring(5).equals(comm);
    }
    if (rule.startsWith("cmd:")) {
      try {
        return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
            .contains(rule.substring(4));
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }
}
