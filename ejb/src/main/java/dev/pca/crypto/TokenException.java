package dev.pca.crypto;

import jakarta.ejb.ApplicationException;

/** An expected failure of the token: the caller can tell which by its {@link Reason}. */
@ApplicationException(rollback = true)
public class TokenException extends Exception {
  /** What went wrong, in words a caller can act on. */
  public enum Reason {
    UNAVAILABLE,
    UNKNOWN_KEY,
    DUPLICATE_KEY,
    SIGNATURE_MISMATCH,
    /** What was to be decrypted does not decrypt with the key: the caller's input is wrong. */
    UNDECRYPTABLE
  }

  private final Reason reason;

  public TokenException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
