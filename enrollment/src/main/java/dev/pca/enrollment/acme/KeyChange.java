package dev.pca.enrollment.acme;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * An account key rollover: the outer JWS (checked as any, by the account's current key) carries an
 * inner JWS signed by the new key. Checked here: "the inner JWS MUST have a jwk header parameter
 * containing the public key of the new key pair", its signature by that key, "the same url header
 * parameter as the outer JWS", and a payload whose {@code account} is the outer {@code kid} and
 * whose {@code oldKey} is the account's current key.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.5">RFC 8555 section 7.3.5</a>
 */
final class KeyChange {
  private KeyChange() {}

  /** The new key. */
  static Jwk check(JsonObject inner, String outerUrl, String accountUrl, Jwk currentKey)
      throws AcmeError {
    Jws jws = Jws.parse(inner);
    JwsAlgorithm algorithm = JwsVerifier.algorithm(jws);
    JsonObject jwk = jws.jwk();
    if (jwk == null || jws.header().containsKey("kid")) {
      throw AcmeError.malformed("The inner JWS carries the new key in 'jwk' and has no 'kid'.");
    }
    Jwk newKey = Jwk.parse(jwk);
    JwsVerifier.checkSignature(jws, algorithm, newKey);
    if (!outerUrl.equals(jws.headerString("url"))) {
      throw AcmeError.malformed("The inner JWS's 'url' is not the keyChange URL.");
    }
    JsonObject payload = jws.payloadObject();
    JsonValue account = payload.get("account");
    if (!(account instanceof JsonString named) || !named.getString().equals(accountUrl)) {
      throw AcmeError.malformed("The inner JWS's 'account' is not the account that signs.");
    }
    if (!(payload.get("oldKey") instanceof JsonObject oldKey)
        || !Jwk.parse(oldKey).thumbprint().equals(currentKey.thumbprint())) {
      throw AcmeError.malformed("The inner JWS's 'oldKey' is not the account's current key.");
    }
    if (newKey.thumbprint().equals(currentKey.thumbprint())) {
      throw AcmeError.malformed("The new key is the account's current key.");
    }
    return newKey;
  }
}
