package dev.pca.application;

import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * The one expected failure of the CA core: the reason tells each face which of its own errors to
 * answer, and the violations name the template rules a request broke.
 */
@ApplicationException(rollback = true)
public class CaException extends Exception {
  /** Why a request was refused. */
  public enum Reason {
    NOT_FOUND,
    INVALID,
    CONFLICT,
    POLICY,
    BAD_CSR,
    QUOTA_SPENT,
    DISABLED,
    TOKEN,
    /** The caller may not act in the repository concerned (its repository groups). */
    FORBIDDEN,
    /** A device's proof (challenge, password, certificate) does not admit it to the profile. */
    UNAUTHENTICATED
  }

  /** One broken rule: its stable name and a short text naming the offending value. */
  public record Violation(String rule, String detail) {}

  private final Reason reason;
  private final List<Violation> violations;

  public CaException(Reason reason, String message) {
    this(reason, message, List.of());
  }

  public CaException(Reason reason, String message, List<Violation> violations) {
    super(message);
    this.reason = reason;
    this.violations = List.copyOf(violations);
  }

  public Reason reason() {
    return reason;
  }

  public List<Violation> violations() {
    return violations;
  }
}
