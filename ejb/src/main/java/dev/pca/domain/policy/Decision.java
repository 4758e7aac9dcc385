package dev.pca.domain.policy;

import java.time.Duration;
import java.util.List;

/**
 * What the policy decided: either violations (non-empty, request refused, nothing changed; the
 * other components are then empty and null) or the approved content.
 */
public record Decision(
    List<Violation> violations, List<SubjectField> subject, List<San> sans, Duration validity) {
  public Decision {
    violations = Copies.list(violations);
    subject = Copies.list(subject);
    sans = Copies.list(sans);
  }

  public boolean approved() {
    return violations.isEmpty();
  }
}
