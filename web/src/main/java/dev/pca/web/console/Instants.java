package dev.pca.web.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Times typed into forms: a browser's datetime-local value (2026-01-31T12:00), read as UTC. */
final class Instants {
  private Instants() {}

  /**
   * Whether {@code text} is empty or a time; if not, a message names the field by its label's
   * bundle key and repeats what was typed.
   */
  static boolean readable(String text, String labelKey) {
    try {
      of(text);
      return true;
    } catch (DateTimeParseException e) {
      Texts.error("invalid.time", Texts.get(labelKey), text);
      return false;
    }
  }

  /** The instant, null when nothing was typed. */
  static Instant of(String text) {
    return text == null || text.isBlank()
        ? null
        : LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
  }
}
