package dev.pca.application;

import dev.pca.crypto.KeySpec;
import jakarta.ejb.Local;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Issuers: roots (self-signed, sign only CA certificates) and intermediates (signed by a root of
 * the same repository, sign leaves), with keys generated on the token.
 */
@Local
public interface Issuers {
  /** What a caller asks for when creating a CA. */
  record Draft(
      @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "1 to 64 of a-z, 0-9 and -")
          String label,
      @NotNull @Size(min = 3, max = 1024) String subject,
      @NotNull KeySpec keySpec,
      @Min(1) @Max(36500) int validityDays,
      @Min(0) @Max(16) Integer pathLength,
      @Min(0) Long quota) {}

  /**
   * An existing CA to import: its certificate and private key as PEM (the key unencrypted or
   * PKCS#8-encrypted under {@code password}), or a base64 PKCS#12 under {@code password}. A root is
   * self-signed; an intermediate names its root among this repository's issuers.
   */
  record ImportDraft(
      @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "1 to 64 of a-z, 0-9 and -")
          String label,
      UUID parentId,
      @Size(max = 65536) String certificate,
      @Size(max = 65536) String privateKey,
      @Size(max = 262144) String pkcs12,
      @Size(max = 128) String password,
      @Min(0) Long quota) {}

  /** An issuer as shown to callers. */
  record View(
      UUID id,
      UUID repositoryId,
      String label,
      UUID parentId,
      boolean root,
      String subject,
      String serial,
      Integer pathLength,
      Instant notBefore,
      Instant notAfter,
      boolean enabled,
      Long quotaRemaining,
      Instant createdAt) {}

  View createRoot(Actor actor, @NotNull UUID repositoryId, @Valid @NotNull Draft draft)
      throws CaException;

  View createIntermediate(Actor actor, @NotNull UUID rootId, @Valid @NotNull Draft draft)
      throws CaException;

  View importCa(Actor actor, @NotNull UUID repositoryId, @Valid @NotNull ImportDraft draft)
      throws CaException;

  View setEnabled(Actor actor, @NotNull UUID id, boolean enabled) throws CaException;

  View setQuota(Actor actor, @NotNull UUID id, @Min(0) Long quota) throws CaException;

  View get(Actor actor, @NotNull UUID id) throws CaException;

  List<View> list(Actor actor, @NotNull UUID repositoryId) throws CaException;

  /** DER certificates from this issuer up to its root. */
  List<byte[]> chain(Actor actor, @NotNull UUID id) throws CaException;
}
