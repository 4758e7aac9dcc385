package dev.pca.web.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.stream.Collectors;

/** Times as the console shows them: UTC, to the minute, the same on every page. */
@Named("fmt")
@ApplicationScoped
public class Formats {
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("MMM d").withZone(ZoneOffset.UTC);

  public String at(Instant instant) {
    return instant == null ? "" : AT.format(instant);
  }

  public String precise(Instant instant) {
    return instant == null ? "" : SECONDS.format(instant);
  }

  public String day(Instant instant) {
    return instant == null ? "" : DAY.format(instant);
  }

  /** Seconds as the largest whole unit: "1 d", "6 h", "90 s". */
  public String seconds(long seconds) {
    return Period.of(seconds).toString();
  }

  /** Whole days from now until {@code instant}; negative when it has passed. */
  public long daysUntil(Instant instant) {
    return instant == null ? 0 : Duration.between(Instant.now(), instant).toDays();
  }

  /** The values separated by commas. */
  public String list(Collection<?> values) {
    return values == null
        ? ""
        : values.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /** The bundle's labels of the values ({@code prefix} + value), separated by commas. */
  public String labels(Collection<?> values, String prefix) {
    return values == null
        ? ""
        : values.stream().map(v -> Texts.get(prefix + v)).collect(Collectors.joining(", "));
  }

  public boolean past(Instant instant) {
    return instant != null && !instant.isAfter(Instant.now());
  }
}
