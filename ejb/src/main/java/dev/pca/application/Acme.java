package dev.pca.application;

import jakarta.ejb.ApplicationException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * ACME (RFC 8555) in the core: the tokens operators give out for external account binding, and the
 * accounts, orders, authorizations and challenges of ACME clients, with their policy (the profile's
 * template) and signing (the profile's issuer). An ACME profile is an enrollment profile of
 * protocol ACME; its name is the directory's path, {@code /acme/{profile}/directory}.
 *
 * <p>The protocol (JWS, nonces, URLs, challenge validation over the network) is the enrollment
 * WAR's. Whatever the core refuses to an ACME client it throws as a {@link Problem} of the ACME
 * error type that names it, so that the WAR maps it to problem+json in one place.
 */
public interface Acme {

  // ---------------------------------------------------------------- tokens (operators)

  /** An ACME token: key id and HMAC key for external account binding (RFC 8555 section 7.3.4). */
  record Token(
      UUID id,
      UUID profileId,
      String profileName,
      String keyId,
      String description,
      String createdBy,
      Instant createdAt,
      String revokedBy,
      Instant revokedAt,
      long accounts) {}

  /** A new token with its HMAC key (base64url, 256 bits), shown this once. */
  record NewToken(Token token, String hmacKey) {}

  /** Makes a token for an ACME profile. Audited. Admins and operators of the repository. */
  NewToken createToken(Actor actor, @NotNull UUID profileId, @Size(max = 255) String description)
      throws CaException;

  /** The profile's tokens, newest first; HMAC keys are never shown again. */
  List<Token> tokens(Actor actor, @NotNull UUID profileId) throws CaException;

  /**
   * Revokes a token: no new account binds with it, and the accounts bound with it can no longer
   * order (their orders answer unauthorized). Audited.
   */
  Token revokeToken(Actor actor, @NotNull UUID tokenId) throws CaException;

  // ---------------------------------------------------------------- what the ACME endpoint calls

  /** ACME error types (urn:ietf:params:acme:error:*) the core can answer with. */
  enum ProblemType {
    MALFORMED("malformed"),
    UNAUTHORIZED("unauthorized"),
    ACCOUNT_DOES_NOT_EXIST("accountDoesNotExist"),
    EXTERNAL_ACCOUNT_REQUIRED("externalAccountRequired"),
    REJECTED_IDENTIFIER("rejectedIdentifier"),
    UNSUPPORTED_IDENTIFIER("unsupportedIdentifier"),
    BAD_CSR("badCSR"),
    ORDER_NOT_READY("orderNotReady"),
    RATE_LIMITED("rateLimited"),
    ALREADY_REVOKED("alreadyRevoked"),
    BAD_REVOCATION_REASON("badRevocationReason"),
    CONNECTION("connection"),
    DNS("dns"),
    INCORRECT_RESPONSE("incorrectResponse"),
    TLS("tls"),
    CONFLICT("conflict"),
    /** RFC 9773 section 5: the certificate an order replaces was replaced already (HTTP 409). */
    ALREADY_REPLACED("alreadyReplaced"),
    NOT_FOUND("notFound"),
    SERVER_INTERNAL("serverInternal");

    private final String urn;

    ProblemType(String name) {
      this.urn = "urn:ietf:params:acme:error:" + name;
    }

    /** The type's URN, as problem+json's {@code type}; NOT_FOUND and CONFLICT map to malformed. */
    public String urn() {
      return this == NOT_FOUND || this == CONFLICT ? MALFORMED.urn : urn;
    }
  }

  /** One identifier's own problem within a problem (RFC 8555 section 6.7.1). */
  record Subproblem(ProblemType type, String detail, Identifier identifier) {}

  /**
   * A refusal in ACME's terms. {@code retryAfter} is set for RATE_LIMITED. Rolls back whatever the
   * call had begun.
   */
  @ApplicationException(rollback = true)
  final class Problem extends Exception {
    private final ProblemType type;
    private final List<Subproblem> subproblems;
    private final Duration retryAfter;

    public Problem(ProblemType type, String detail) {
      this(type, detail, List.of(), null);
    }

    public Problem(
        ProblemType type, String detail, List<Subproblem> subproblems, Duration retryAfter) {
      super(detail);
      this.type = type;
      this.subproblems = List.copyOf(subproblems);
      this.retryAfter = retryAfter;
    }

    public ProblemType type() {
      return type;
    }

    public List<Subproblem> subproblems() {
      return subproblems;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /** An identifier: type {@code dns} (a name, perhaps a wildcard) or {@code ip} (RFC 8738). */
  record Identifier(@NotNull String type, @NotNull String value) {}

  enum AccountStatus {
    VALID,
    DEACTIVATED,
    REVOKED
  }

  /** An account: its key as a JWK (JSON text) and that key's RFC 7638 thumbprint. */
  record Account(
      UUID id,
      UUID profileId,
      AccountStatus status,
      String jwk,
      String thumbprint,
      List<String> contact,
      UUID tokenId,
      Instant createdAt) {}

  /**
   * External account binding as the client sent it: the inner JWS's key id, its algorithm (HS256,
   * HS384 or HS512), its signing input (protected + "." + payload, ASCII) and its MAC. The WAR has
   * checked that the inner payload is the account's JWK and the inner url the newAccount URL.
   */
  record Binding(String keyId, String algorithm, byte[] signingInput, byte[] mac) {}

  /**
   * A new account bound to the token the binding names. UNAUTHORIZED for an unknown or revoked
   * token or a MAC that does not verify; EXTERNAL_ACCOUNT_REQUIRED when {@code binding} is null. An
   * account of the same key that exists already is returned as it is (RFC 8555 section 7.3.1).
   */
  Account newAccount(
      Actor client,
      @NotNull UUID profileId,
      @NotNull String jwk,
      @NotNull String thumbprint,
      List<String> contact,
      Binding binding)
      throws Problem;

  /** The account of this key, or null. */
  Account accountByThumbprint(@NotNull UUID profileId, @NotNull String thumbprint);

  /** The account, ACCOUNT_DOES_NOT_EXIST when there is none in this profile. */
  Account account(@NotNull UUID profileId, @NotNull UUID accountId) throws Problem;

  /** New contacts; UNAUTHORIZED for an account that is not VALID. */
  Account updateAccount(Actor client, @NotNull UUID accountId, List<String> contact) throws Problem;

  /** Deactivates the account (RFC 8555 section 7.3.6); its pending authorizations go too. */
  Account deactivateAccount(Actor client, @NotNull UUID accountId) throws Problem;

  /** Account key rollover (section 7.3.5); CONFLICT when another account has the new key. */
  Account changeKey(
      Actor client, @NotNull UUID accountId, @NotNull String newJwk, @NotNull String newThumbprint)
      throws Problem;

  enum OrderStatus {
    PENDING,
    READY,
    PROCESSING,
    VALID,
    INVALID
  }

  /** An order; {@code error} is a problem as JSON text, set when the order became INVALID. */
  record Order(
      UUID id,
      UUID accountId,
      OrderStatus status,
      Instant expires,
      List<Identifier> identifiers,
      Instant notBefore,
      Instant notAfter,
      List<UUID> authorizations,
      String error,
      UUID certificateId,
      String replaces) {}

  /**
   * A new order. Each identifier must be one the profile's template allows (REJECTED_IDENTIFIER,
   * with a subproblem per identifier refused); types other than dns and ip are
   * UNSUPPORTED_IDENTIFIER. An account over its order rate gets RATE_LIMITED with retryAfter.
   * {@code replaces} is an ARI certificate id (RFC 9773) of a certificate of this account that the
   * order replaces; ALREADY_REPLACED when that one was replaced already. Valid authorizations of
   * the account for the same identifiers are reused.
   */
  Order newOrder(
      Actor client,
      @NotNull UUID accountId,
      @NotNull List<Identifier> identifiers,
      Instant notBefore,
      Instant notAfter,
      String replaces)
      throws Problem;

  /** The account's order; NOT_FOUND when it is another account's or there is none. */
  Order order(@NotNull UUID accountId, @NotNull UUID orderId) throws Problem;

  /** The ids of the account's orders, newest first, at most {@code limit}. */
  List<UUID> orders(@NotNull UUID accountId, int limit);

  enum AuthorizationStatus {
    PENDING,
    VALID,
    INVALID,
    DEACTIVATED,
    EXPIRED,
    REVOKED
  }

  enum ChallengeStatus {
    PENDING,
    PROCESSING,
    VALID,
    INVALID
  }

  /** A challenge: type http-01, dns-01 or tls-alpn-01; {@code error} a problem as JSON text. */
  record Challenge(
      UUID id,
      UUID authorizationId,
      String type,
      String token,
      ChallengeStatus status,
      Instant validated,
      String error) {}

  /** An authorization; for a wildcard the identifier's value is the name without "*.". */
  record Authorization(
      UUID id,
      UUID accountId,
      Identifier identifier,
      AuthorizationStatus status,
      Instant expires,
      boolean wildcard,
      List<Challenge> challenges) {}

  /** The account's authorization; NOT_FOUND when it is another account's or there is none. */
  Authorization authorization(@NotNull UUID accountId, @NotNull UUID authorizationId)
      throws Problem;

  /** The client deactivates its authorization (section 7.5.2). */
  Authorization deactivateAuthorization(
      Actor client, @NotNull UUID accountId, @NotNull UUID authorizationId) throws Problem;

  /** The account's challenge; NOT_FOUND when it is another account's or there is none. */
  Challenge challenge(@NotNull UUID accountId, @NotNull UUID challengeId) throws Problem;

  /**
   * The client asks for validation: a PENDING challenge of a PENDING authorization becomes
   * PROCESSING and is returned (the WAR then validates it and reports with {@link
   * #challengeValidated}); a challenge in any other state is returned as it is.
   */
  Challenge startChallenge(Actor client, @NotNull UUID accountId, @NotNull UUID challengeId)
      throws Problem;

  /**
   * The outcome of a validation: VALID makes the authorization VALID (and the order READY once all
   * of its authorizations are); INVALID, with the problem as JSON text, makes the authorization
   * INVALID and its orders INVALID.
   */
  Challenge challengeValidated(
      Actor client, @NotNull UUID challengeId, boolean valid, String problem);

  /**
   * Finalizes a READY order with a CSR (DER) whose identifiers are exactly the order's: the
   * certificate is issued under the profile's template and issuer, and the order is VALID.
   * ORDER_NOT_READY for any other state, BAD_CSR for a CSR that does not fit, REJECTED_IDENTIFIER
   * when the template refuses it.
   */
  Order finalizeOrder(Actor client, @NotNull UUID accountId, @NotNull UUID orderId, byte[] csr)
      throws Problem;

  /**
   * The certificate of the account's VALID order with its chain up to (not including) the root, as
   * PEM (RFC 8555 section 7.4.2, application/pem-certificate-chain).
   */
  String certificateChain(@NotNull UUID accountId, @NotNull UUID orderId) throws Problem;

  /**
   * Revokes a certificate of the profile's issuer (section 7.6): by the account that ordered it,
   * or, with {@code accountId} null, by whoever proved to hold its key (the WAR checked the JWS
   * with the certificate's key). UNAUTHORIZED for an account that did not order it,
   * ALREADY_REVOKED, BAD_REVOCATION_REASON for a reason RFC 5280 does not allow here.
   */
  void revoke(
      Actor client,
      @NotNull UUID profileId,
      UUID accountId,
      @NotNull byte[] certificate,
      int reason)
      throws Problem;

  /** The profile's CA chain, the issuer first, for the WAR to check certificates against. */
  List<X509Certificate> caChain(@NotNull UUID profileId) throws Problem;

  /** ARI's suggested renewal window (RFC 9773 section 4.2) and when to ask again. */
  record RenewalInfo(Instant start, Instant end, Duration retryAfter) {}

  /**
   * The renewal window of a certificate of the profile's issuer named by its ARI id parts: the
   * authority key identifier and the serial number. NOT_FOUND when there is no such certificate. A
   * revoked certificate's window is in the past: renew now.
   */
  RenewalInfo renewalInfo(
      @NotNull UUID profileId, @NotNull byte[] authorityKeyId, @NotNull BigInteger serial)
      throws Problem;
}
