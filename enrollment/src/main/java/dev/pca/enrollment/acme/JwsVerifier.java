package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import jakarta.json.JsonObject;
import java.util.UUID;

/**
 * What every ACME POST must pass before it does anything: a JWS of a supported algorithm, signed by
 * the key it names (a {@code jwk} for new accounts and revocation by certificate key, else the
 * {@code kid} of a valid account of this profile), for this very URL, with a nonce this server
 * issued and nobody used.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-6.2">RFC 8555 sections 6.2 to
 *     6.5</a>
 */
final class JwsVerifier {
  /** Which key a request must be signed by. */
  enum KeyBy {
    /** newAccount: "the JWS MUST contain a jwk". */
    JWK,
    /** Everything of an account: "the JWS MUST contain a kid". */
    KID,
    /** revokeCert: the account's key, or the certificate's. */
    EITHER
  }

  /** A request that passed: its JWS and the key that signed it, with the account when by kid. */
  record Signed(Jws jws, Jwk jwk, Acme.Account account) {
    UUID accountId() {
      return account == null ? null : account.id();
    }
  }

  private final Acme acme;
  private final Nonces nonces;

  JwsVerifier(Acme acme, Nonces nonces) {
    this.acme = acme;
    this.nonces = nonces;
  }

  Signed verify(byte[] body, String url, AcmeUrls urls, UUID profileId, KeyBy keyBy)
      throws AcmeError, Acme.Problem {
    Jws jws = Jws.parse(body);
    JwsAlgorithm algorithm = algorithm(jws);
    JsonObject jwkHeader = jws.jwk();
    String kid = jws.headerString("kid");
    // "The jwk and kid fields are mutually exclusive. Servers MUST reject requests that contain
    // both."
    if ((jwkHeader == null) == (kid == null)) {
      throw AcmeError.malformed("The JWS header must have exactly one of 'jwk' and 'kid'.");
    }
    if (keyBy == KeyBy.JWK && jwkHeader == null) {
      throw AcmeError.malformed("A new account's request is signed with its key in 'jwk'.");
    }
    if (keyBy == KeyBy.KID && kid == null) {
      throw AcmeError.malformed("This request is signed by an account: name it in 'kid'.");
    }
    Jwk jwk;
    Acme.Account account = null;
    if (jwkHeader != null) {
      jwk = Jwk.parse(jwkHeader);
    } else {
      UUID accountId =
          urls.accountId(kid)
              .orElseThrow(
                  () ->
                      new Acme.Problem(
                          Acme.ProblemType.ACCOUNT_DOES_NOT_EXIST,
                          "The 'kid' is not an account URL of this ACME profile."));
      account = acme.account(profileId, accountId);
      if (account.status() != Acme.AccountStatus.VALID) {
        throw AcmeError.unauthorized(
            "The account is " + account.status().name().toLowerCase() + ".");
      }
      jwk = Jwk.ofAccount(account.jwk());
    }
    checkSignature(jws, algorithm, jwk);
    // "If the two do not match, then the server MUST reject the request as unauthorized."
    if (!url.equals(jws.headerString("url"))) {
      throw AcmeError.unauthorized("The JWS header's 'url' is not the URL of this request.");
    }
    if (!nonces.use(jws.headerString("nonce"))) {
      throw AcmeError.badNonce(
          "The JWS header's 'nonce' is missing, used or not one of this server.");
    }
    return new Signed(jws, jwk, account);
  }

  /** The algorithm a JWS names, if it is one an account may sign with. */
  static JwsAlgorithm algorithm(Jws jws) throws AcmeError {
    String alg = jws.headerString("alg");
    if (alg == null) {
      throw AcmeError.malformed("The JWS header has no 'alg'.");
    }
    return JwsAlgorithm.named(alg)
        .orElseThrow(
            () ->
                AcmeError.badSignatureAlgorithm(
                    "The JWS algorithm '" + alg + "' is not supported."));
  }

  /** That {@code jwk} made the JWS's signature with its algorithm. */
  static void checkSignature(Jws jws, JwsAlgorithm algorithm, Jwk jwk) throws AcmeError {
    if (!algorithm.fits(jwk)) {
      throw AcmeError.badSignatureAlgorithm(
          "The JWS algorithm " + algorithm + " does not fit the " + jwk.keyType() + " key.");
    }
    if (!algorithm.verify(jwk.key(), jws.signingInput(), jws.signature())) {
      throw AcmeError.malformed("The JWS signature does not verify.");
    }
  }
}
