package dev.pca.domain.model.repository;

import java.time.Duration;
import java.util.Objects;

/** Whether a repository publishes CRLs and answers OCSP, and how fresh each answer is. */
public record RevocationSettings(
    boolean crlEnabled, Duration crlPeriod, boolean ocspEnabled, Duration ocspValidity) {
  public static final RevocationSettings DEFAULTS =
      new RevocationSettings(true, Duration.ofDays(1), true, Duration.ofHours(1));

  public RevocationSettings {
    Objects.requireNonNull(crlPeriod, "crlPeriod");
    Objects.requireNonNull(ocspValidity, "ocspValidity");
    if (crlPeriod.toSeconds() < 60 || crlPeriod.toDays() > 366) {
      throw new IllegalArgumentException("the CRL period must be between 1 minute and 366 days");
    }
    if (ocspValidity.toSeconds() < 60 || ocspValidity.toDays() > 31) {
      throw new IllegalArgumentException("the OCSP validity must be between 1 minute and 31 days");
    }
  }
}
