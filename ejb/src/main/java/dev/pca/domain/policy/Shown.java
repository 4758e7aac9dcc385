package dev.pca.domain.policy;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Values as they appear in violation details and problems: cut short, because a hostile request may
 * carry kilobytes, and with control characters escaped, so a detail cannot forge log lines.
 */
final class Shown {
  private static final int MAX_CHARS = 80;
  private static final int MAX_ITEMS = 10;

  private Shown() {}

  static String value(String s) {
    if (s == null) {
      return "(none)";
    }
    String cut = s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) : s;
    StringBuilder b = new StringBuilder(cut.length() + 16);
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (cut.length() < s.length()) {
      b.append("... (").append(s.length()).append(" characters)");
    }
    return b.toString();
  }

  /** "(a, b, c)", or "(none)" when empty. */
  static String list(Collection<String> items) {
    if (items.isEmpty()) {
      return "(none)";
    }
    String shown =
        items.stream().limit(MAX_ITEMS).map(Shown::value).collect(Collectors.joining(", "));
    int more = items.size() - MAX_ITEMS;
    return "(" + shown + (more > 0 ? ", and " + more + " more" : "") + ")";
  }
}
