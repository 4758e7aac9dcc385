package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class KeyChangeTest {
  private static final String URL = "https://ca.test/acme/web/key-change";
  private static final String ACCOUNT = "https://ca.test/acme/web/acct/1";
  private final KeyPair oldKeys = TestJws.p256();
  private final KeyPair newKeys = TestJws.ed25519();

  @Test
  void check_rolloverAsTheRfcHasIt_givesTheNewKey() throws Exception {
    Jwk newKey = KeyChange.check(inner(newKeys, URL, ACCOUNT, oldKeys), URL, ACCOUNT, jwk(oldKeys));

    assertThat(newKey.sameKey(newKeys.getPublic())).isTrue();
  }

  @Test
  void check_innerSignedByAnotherKey_isMalformed() {
    JsonObject inner = inner(newKeys, URL, ACCOUNT, oldKeys);
    JsonObject forged =
        TestJws.sign(
            TestJws.ed25519(),
            Json.createObjectBuilder()
                .add("alg", "EdDSA")
                .add("jwk", TestJws.jwk(newKeys.getPublic()))
                .add("url", URL)
                .build(),
            payload(ACCOUNT, oldKeys));

    assertThat(inner).isNotNull();
    assertThatThrownBy(() -> KeyChange.check(forged, URL, ACCOUNT, jwk(oldKeys)))
        .hasMessageContaining("does not verify");
  }

  @Test
  void check_wrongUrlAccountOrOldKey_isMalformed() {
    assertThatThrownBy(
            () ->
                KeyChange.check(
                    inner(newKeys, "https://ca.test/acme/web/new-order", ACCOUNT, oldKeys),
                    URL,
                    ACCOUNT,
                    jwk(oldKeys)))
        .hasMessageContaining("'url'");
    assertThatThrownBy(
            () ->
                KeyChange.check(
                    inner(newKeys, URL, "https://ca.test/acme/web/acct/2", oldKeys),
                    URL,
                    ACCOUNT,
                    jwk(oldKeys)))
        .hasMessageContaining("'account'");
    assertThatThrownBy(
            () ->
                KeyChange.check(
                    inner(newKeys, URL, ACCOUNT, TestJws.p256()), URL, ACCOUNT, jwk(oldKeys)))
        .hasMessageContaining("'oldKey'");
  }

  @Test
  void check_sameKeyAgain_isMalformed() {
    assertThatThrownBy(
            () ->
                KeyChange.check(inner(oldKeys, URL, ACCOUNT, oldKeys), URL, ACCOUNT, jwk(oldKeys)))
        .hasMessageContaining("current key");
  }

  private static JsonObject inner(KeyPair signer, String url, String account, KeyPair old) {
    return TestJws.sign(
        signer,
        Json.createObjectBuilder()
            .add("alg", TestJws.alg(signer))
            .add("jwk", TestJws.jwk(signer.getPublic()))
            .add("url", url)
            .build(),
        payload(account, old));
  }

  private static String payload(String account, KeyPair old) {
    return Json.createObjectBuilder()
        .add("account", account)
        .add("oldKey", TestJws.jwk(old.getPublic()))
        .build()
        .toString();
  }

  private static Jwk jwk(KeyPair keys) {
    try {
      return Jwk.parse(TestJws.jwk(keys.getPublic()));
    } catch (AcmeError e) {
      throw new IllegalStateException(e);
    }
  }
}
