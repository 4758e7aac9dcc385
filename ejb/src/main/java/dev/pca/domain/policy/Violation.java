package dev.pca.domain.policy;

import java.util.Objects;

/**
 * One broken rule. The detail is short human text naming the offending value and the limit, e.g.
 * "dNSName evil.org is not under any allowed suffix (example.com)".
 */
public record Violation(Rule rule, String detail) {
  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(detail, "detail");
  }
}
