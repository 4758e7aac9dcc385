package dev.pca.domain.policy;

import java.util.Objects;

/**
 * A key rule: algorithm "RSA" or "EC" (also "Ed25519" for later) and the minimum size in bits (EC:
 * field size, 256 = P-256). Algorithm names compare case-insensitively.
 */
public record KeyRule(String algorithm, int minBits) {
  public KeyRule {
    Objects.requireNonNull(algorithm, "algorithm");
  }
}
