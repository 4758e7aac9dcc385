package dev.pca.application;

import dev.pca.crypto.KeySpec;
import dev.pca.domain.model.certificate.RevocationReason;
import dev.pca.domain.policy.San;
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

/** Issued certificates: issuance from a CSR, renewal, revocation with its history, search. */
@Local
public interface Certificates {
  /** A CSR (PEM or base64 DER) to sign under a template; validity defaults to the template's. */
  record CsrRequest(
      @NotNull UUID templateId,
      @NotNull @Size(max = 65536) String csr,
      @Min(1) @Max(36500) Integer validityDays) {}

  /**
   * A certificate for a key the server generates: subject (RFC 4514), SANs, key type, and the
   * password that protects the PKCS#12 returned once.
   */
  record KeyRequest(
      @NotNull UUID templateId,
      @NotNull @Size(min = 3, max = 1024) String subject,
      @Size(max = 100) List<@NotNull San> sans,
      @NotNull KeySpec keySpec,
      @NotNull @Size(min = 8, max = 128, message = "8 to 128 characters") String password,
      @Min(1) @Max(36500) Integer validityDays) {}

  /** A new certificate with its key, as a base64 PKCS#12 that is not kept anywhere. */
  record KeyIssued(View certificate, String pkcs12, String chain) {}

  /** A certificate as shown to callers. */
  record View(
      UUID id,
      UUID repositoryId,
      UUID issuerId,
      String issuerLabel,
      UUID templateId,
      String serial,
      String subject,
      List<String> sans,
      Instant notBefore,
      Instant notAfter,
      String status,
      String revocationReason,
      Instant revokedAt,
      Instant invalidityDate,
      String requestedBy,
      String channel,
      UUID replacesId,
      Instant createdAt) {}

  /** A new certificate with its PEM and the PEM chain up to the root. */
  record Issued(View certificate, String pem, String chain) {}

  /** One step of a revocation history. */
  record Step(String action, String reason, Instant at, String actor) {}

  /** What to search for; null fields match everything. */
  record Query(
      UUID repositoryId,
      UUID issuerId,
      @Pattern(
              regexp = "(?i)VALID|ON_HOLD|REVOKED|EXPIRED",
              message = "VALID, ON_HOLD, REVOKED or EXPIRED")
          String status,
      @Size(max = 256) String text,
      @Min(0) int offset,
      @Min(1) @Max(500) int limit) {}

  /** One page of a search and how many match in all. */
  record Page(List<View> items, long total) {}

  Issued issue(
      Actor actor, @NotNull UUID issuerId, @Valid @NotNull CsrRequest request, String channel)
      throws CaException;

  KeyIssued issueWithServerKey(
      Actor actor, @NotNull UUID issuerId, @Valid @NotNull KeyRequest request, String channel)
      throws CaException;

  /** A new certificate for the same subject and SANs, for the key in {@code csr}. */
  Issued renew(Actor actor, @NotNull UUID certificateId, @NotNull @Size(max = 65536) String csr)
      throws CaException;

  View revoke(
      Actor actor, @NotNull UUID id, @NotNull RevocationReason reason, Instant invalidityDate)
      throws CaException;

  /** Releases a certificate from hold (certificateHold is the only reversible reason). */
  View release(Actor actor, @NotNull UUID id) throws CaException;

  View get(Actor actor, @NotNull UUID id) throws CaException;

  List<Step> history(Actor actor, @NotNull UUID id) throws CaException;

  /** Only the certificates of the repositories the actor may act in. */
  Page search(Actor actor, @Valid @NotNull Query query) throws CaException;

  /** The certificate's DER followed by its issuer's chain up to the root. */
  List<byte[]> chain(Actor actor, @NotNull UUID id) throws CaException;
}
