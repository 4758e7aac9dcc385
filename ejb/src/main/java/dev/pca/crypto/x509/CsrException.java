package dev.pca.crypto.x509;

import java.util.Objects;

/**
 * A certificate request that the CA refuses. The message is short and safe to show to the
 * requester: it never carries parser internals.
 */
public final class CsrException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a request was refused. */
  public enum Reason {
    MALFORMED,
    TOO_LARGE,
    BAD_SIGNATURE,
    WEAK_KEY,
    UNSUPPORTED_KEY,
    BAD_EXTENSION
  }

  private final Reason reason;

  public CsrException(Reason reason, String message) {
    this(reason, message, null);
  }

  public CsrException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
