package dev.pca.domain.policy;

import java.util.Locale;

/**
 * DNS name syntax. RFC 5280 4.2.1.6: "The name MUST be in the "preferred name syntax", as specified
 * by Section 3.5 of [RFC1034] and as modified by Section 2.1 of [RFC1123]." Only ASCII is accepted,
 * so internationalized names must come as A-labels ("xn--...").
 */
final class DnsNames {
  static final String WILDCARD = "*";
  private static final int MAX_NAME = 253;
  private static final int MAX_LABEL = 63;

  private DnsNames() {}

  /**
   * Why {@code name} is not a host name, or null when it is one. A leading "*" label is accepted
   * only when {@code wildcardAllowed}, and never as the whole name.
   */
  static String problem(String name, boolean wildcardAllowed) {
    if (name.isEmpty()) {
      return "is empty";
    }
    if (name.length() > MAX_NAME) {
      return "is longer than " + MAX_NAME + " characters";
    }
    String[] labels = name.split("\\.", -1);
    for (int i = 0; i < labels.length; i++) {
      boolean wildcard = i == 0 && labels.length > 1 && wildcardAllowed;
      if (wildcard && labels[i].equals(WILDCARD)) {
        continue;
      }
      String problem = labelProblem(labels[i]);
      if (problem != null) {
        return problem;
      }
    }
    return allDigits(labels[labels.length - 1]) ? "has an all-numeric top-level label" : null;
  }

  /**
   * Why {@code pattern} is not a template pattern, or null: every label is a host-name label or a
   * whole "*", at least one label is literal, and the top-level label is literal.
   */
  static String patternProblem(String pattern) {
    if (pattern.isEmpty() || pattern.length() > MAX_NAME) {
      return "must have 1 to " + MAX_NAME + " characters";
    }
    String[] labels = pattern.split("\\.", -1);
    for (String label : labels) {
      String problem = label.equals(WILDCARD) ? null : labelProblem(label);
      if (problem != null) {
        return problem;
      }
    }
    String top = labels[labels.length - 1];
    if (top.equals(WILDCARD) || allDigits(top)) {
      return "must end in a literal, not all-numeric, top-level label";
    }
    return null;
  }

  static boolean isWildcard(String name) {
    return name.startsWith(WILDCARD + ".");
  }

  static String lower(String ascii) {
    return ascii.toLowerCase(Locale.ROOT);
  }

  private static String labelProblem(String label) {
    if (label.isEmpty()) {
      return "has an empty label";
    }
    if (label.length() > MAX_LABEL) {
      return "has a label longer than " + MAX_LABEL + " characters";
    }
    if (label.contains(WILDCARD)) {
      return "has a \"*\" that is not the whole leftmost label";
    }
    for (int i = 0; i < label.length(); i++) {
      if (!isLdh(label.charAt(i))) {
        return "has a character other than ASCII letters, digits and hyphen";
      }
    }
    if (label.startsWith("-") || label.endsWith("-")) {
      return "has a label that starts or ends with a hyphen";
    }
    return null;
  }

  private static boolean isLdh(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }

  /** ASCII digits only: Character.isDigit would also take other scripts' digits. */
  static boolean allDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
