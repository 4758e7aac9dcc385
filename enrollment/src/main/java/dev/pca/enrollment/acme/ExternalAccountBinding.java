package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The external account binding of a newAccount request: a JWS inside the payload, MACed with the
 * HMAC key of an ACME token the operator gave out. Checked here: its form, that it is "the JWK from
 * the outer JWS" it signs, for the newAccount URL. Its MAC is the core's to check, with the token
 * it names.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4">RFC 8555 section 7.3.4</a>
 */
final class ExternalAccountBinding {
  static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512");

  private static final int MAX_KEY_ID = 255;

  private ExternalAccountBinding() {}

  /**
   * The binding for the core, once its JWS is one: "The 'alg' field MUST indicate a MAC-based
   * algorithm, the 'kid' field MUST contain the key identifier provided by the CA, the 'nonce'
   * field MUST NOT be present, the 'url' field MUST be set to the same value as the outer JWS".
   */
  static Acme.Binding check(JsonObject binding, Jwk accountKey, String newAccountUrl)
      throws AcmeError {
    Jws jws = Jws.parse(binding);
    String alg = jws.headerString("alg");
    if (alg == null || !ALGORITHMS.contains(alg)) {
      throw AcmeError.malformed(
          "The external account binding is MACed with HS256, HS384 or HS512, not " + alg + ".");
    }
    String keyId = jws.headerString("kid");
    if (keyId == null || keyId.isBlank() || keyId.length() > MAX_KEY_ID) {
      throw AcmeError.malformed("The external account binding names no key id in 'kid'.");
    }
    if (jws.header().containsKey("nonce")) {
      throw AcmeError.malformed("The external account binding must not have a 'nonce'.");
    }
    if (!newAccountUrl.equals(jws.headerString("url"))) {
      throw AcmeError.malformed("The external account binding's 'url' is not the newAccount URL.");
    }
    Jwk bound;
    try {
      bound = Jwk.parse(new String(jws.payload(), StandardCharsets.UTF_8));
    } catch (AcmeError e) {
      throw AcmeError.malformed("The external account binding's payload is not a JWK.");
    }
    if (!bound.thumbprint().equals(accountKey.thumbprint())) {
      throw AcmeError.malformed(
          "The external account binding binds another key than the account's.");
    }
    return new Acme.Binding(keyId, alg, jws.signingInput(), jws.signature());
  }
}
