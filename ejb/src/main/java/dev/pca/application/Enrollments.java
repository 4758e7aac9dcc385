package dev.pca.application;

import jakarta.ejb.Local;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Device enrollment (SCEP, EST): profiles that say under which issuer and template devices enrol
 * and how a device proves it may, the requests devices make, and the approvals of those that wait
 * for a person. The protocol endpoints only translate: every decision is taken here.
 */
@Local
public interface Enrollments {
  enum Protocol {
    SCEP,
    EST,
    ACME
  }

  /**
   * How a device proves it may enrol. SCEP: one challenge password for the profile ({@code
   * CHALLENGE}), or one per device, used once ({@code ONE_TIME_CHALLENGE}). EST: a user name and
   * password over TLS ({@code HTTP_BASIC}), or a TLS client certificate from the profile's issuer
   * ({@code CLIENT_CERTIFICATE}). Renewal (SCEP RenewalReq, EST simplereenroll) is always
   * authenticated by the device's current certificate.
   */
  enum Authentication {
    CHALLENGE,
    ONE_TIME_CHALLENGE,
    HTTP_BASIC,
    CLIENT_CERTIFICATE,
    EXTERNAL_ACCOUNT
  }

  /** A profile as an administrator gives it. The name is the SCEP path and the EST label. */
  record Draft(
      @NotNull
          @Pattern(
              regexp = "[a-z0-9][a-z0-9-]{0,62}",
              message = "1 to 63 of lower-case letters, digits and dashes, starting with either")
          String name,
      @NotNull Protocol protocol,
      @NotNull UUID issuerId,
      @NotNull UUID templateId,
      @NotNull Authentication authentication,
      @Size(max = 64) String username,
      boolean manualApproval,
      boolean allowDes) {}

  /** A profile as shown; secrets are never shown again after they were made. */
  record View(
      UUID id,
      UUID repositoryId,
      String name,
      Protocol protocol,
      UUID issuerId,
      String issuerLabel,
      UUID templateId,
      String templateName,
      Authentication authentication,
      String username,
      boolean manualApproval,
      boolean allowDes,
      boolean enabled,
      String raSerial,
      Instant updatedAt) {}

  /** A profile with the secret made for it (challenge or password), shown this once; else null. */
  record Created(View profile, String secret) {}

  /** A one-time challenge password for one device, shown this once. */
  record Challenge(UUID id, UUID profileId, String device, String password, Instant expiresAt) {}

  enum Status {
    PENDING,
    ISSUED,
    REJECTED
  }

  /** One enrollment request of a device. */
  record Request(
      UUID id,
      UUID profileId,
      String profileName,
      String transactionId,
      String subject,
      List<String> sans,
      Status status,
      UUID certificateId,
      String requestedFrom,
      Instant requestedAt,
      String decidedBy,
      Instant decidedAt,
      String reason) {}

  Created create(Actor actor, @NotNull UUID repositoryId, @NotNull Draft draft) throws CaException;

  View change(Actor actor, @NotNull UUID id, @NotNull Draft draft) throws CaException;

  /** Makes a new challenge or password for a CHALLENGE or HTTP_BASIC profile; the old one ends. */
  Created newSecret(Actor actor, @NotNull UUID id) throws CaException;

  View enable(Actor actor, @NotNull UUID id, boolean enabled) throws CaException;

  /** Deletes a profile that has no requests; one that has is disabled instead. */
  void delete(Actor actor, @NotNull UUID id) throws CaException;

  View get(Actor actor, @NotNull UUID id) throws CaException;

  List<View> list(Actor actor, @NotNull UUID repositoryId) throws CaException;

  /** A one-time challenge for a ONE_TIME_CHALLENGE profile, valid for {@code validity}. */
  Challenge newChallenge(
      Actor actor,
      @NotNull UUID profileId,
      @NotNull @Size(max = 255) String device,
      Duration validity)
      throws CaException;

  /** Requests of a repository, newest first, optionally only those in {@code status}. */
  List<Request> requests(Actor actor, @NotNull UUID repositoryId, Status status, int limit)
      throws CaException;

  /** Issues a pending request's certificate; the device collects it by polling. */
  Request approve(Actor actor, @NotNull UUID requestId) throws CaException;

  Request reject(Actor actor, @NotNull UUID requestId, @Size(max = 255) String reason)
      throws CaException;

  // ---------------------------------------------------------------- what the endpoints call

  /** What a protocol endpoint needs to know of the profile a device names. */
  record Endpoint(
      UUID profileId,
      String name,
      Protocol protocol,
      Authentication authentication,
      boolean allowDes,
      List<X509Certificate> caChain,
      X509Certificate raCertificate,
      UUID templateId,
      boolean manualApproval) {}

  /**
   * The enabled profile named {@code name} for {@code protocol}.
   *
   * @throws CaException NOT_FOUND when there is none, DISABLED when it is switched off
   */
  Endpoint endpoint(@NotNull String name, @NotNull Protocol protocol) throws CaException;

  /**
   * How a device authenticated: a SCEP challenge password, EST basic credentials, or the
   * certificate it presented (TLS client certificate, or the signer of a SCEP RenewalReq) that the
   * endpoint saw it hold the key of.
   */
  record Proof(String password, String username, X509Certificate certificate) {
    public static Proof challenge(String password) {
      return new Proof(password, null, null);
    }

    public static Proof basic(String username, String password) {
      return new Proof(password, username, null);
    }

    public static Proof certificate(X509Certificate certificate) {
      return new Proof(null, null, certificate);
    }
  }

  /**
   * The outcome of an enrollment or a poll: ISSUED with the certificate, PENDING while a person has
   * to approve, REJECTED with the reason.
   */
  record Outcome(Request request, Certificates.Issued issued) {}

  /**
   * A device's enrollment. The proof is checked against the profile, the CSR against the template;
   * a renewal ({@code renewal} true) must be proven by a current, unrevoked certificate of the
   * profile's issuer for the same subject. Refusals are audited and thrown: INVALID for a bad
   * proof, POLICY for the template, BAD_CSR for the CSR. A repeated transaction id returns the
   * request it already made.
   *
   * <p>Returns what {@code answer} made of the outcome, and only once the certificate has
   * committed: the protocol answers nothing that could be lost.
   */
  <T> T enroll(
      Actor device,
      @NotNull UUID profileId,
      @NotNull Proof proof,
      @NotNull byte[] csr,
      String transactionId,
      boolean renewal,
      @NotNull Answer<T> answer)
      throws CaException;

  /**
   * How a protocol answers an enrollment's outcome, such as a SCEP CertRep that the RA signs. For a
   * certificate issued by the enrollment it runs while the certificate is being stored, so that the
   * two go on at once.
   */
  @FunctionalInterface
  interface Answer<T> {
    T to(Outcome outcome) throws CaException;
  }

  /** A certificate for a key the server made (EST serverkeygen), with that key as PKCS#8 DER. */
  record KeyOutcome(Outcome outcome, byte[] privateKey) {}

  /**
   * EST serverkeygen: as {@link #enroll}, but the server makes the key (of the CSR's key type and
   * size) and returns it once; never for a profile that waits for approval (CONFLICT), as the key
   * is not kept.
   */
  KeyOutcome enrollWithServerKey(
      Actor device, @NotNull UUID profileId, @NotNull Proof proof, @NotNull byte[] csr)
      throws CaException;

  /** The request a device polls for (SCEP CertPoll, EST retry), by its transaction id. */
  Outcome poll(@NotNull UUID profileId, @NotNull String transactionId) throws CaException;

  /** A certificate of the profile's issuer by serial (SCEP GetCert), DER; NOT_FOUND when none. */
  byte[] certificate(@NotNull UUID profileId, @NotNull java.math.BigInteger serial)
      throws CaException;

  /** The issuer's current full CRL, DER (SCEP GetCRL); NOT_FOUND before the first one. */
  byte[] crl(@NotNull UUID profileId) throws CaException;

  /**
   * The RA's decryption of a content-encryption key sealed to its certificate (RSA PKCS#1 v1.5 key
   * transport), on the token. Wrong input is INVALID.
   */
  byte[] raDecrypt(@NotNull UUID profileId, @NotNull byte[] encryptedKey) throws CaException;

  /**
   * The RA's signature over {@code data} with {@code algorithm} (e.g. SHA256withRSA), on the token.
   */
  byte[] raSign(@NotNull UUID profileId, @NotNull String algorithm, @NotNull byte[] data)
      throws CaException;
}
