package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.application.Acme;
import dev.pca.application.Actor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JwsVerifierTest {
  private final FakeAcme acme = new FakeAcme();
  private final Nonces nonces = new Nonces();
  private final JwsVerifier verifier = new JwsVerifier(acme, nonces);
  private final AcmeUrls urls = new AcmeUrls("http://acme.test", "web");
  private final String url = urls.newOrder();

  @Test
  void verify_es256Rs256AndEdDsa_byJwk_pass() throws Exception {
    for (KeyPair keys : new KeyPair[] {TestJws.p256(), TestJws.rsa(2048), TestJws.ed25519()}) {
      JsonObject jws = TestJws.sign(keys, header(keys, null, nonces.next(), url), "{}");

      JwsVerifier.Signed signed = verify(jws, JwsVerifier.KeyBy.JWK);

      assertThat(signed.jwk().sameKey(keys.getPublic())).isTrue();
      assertThat(signed.account()).isNull();
    }
  }

  @Test
  void verify_tamperedSignature_isMalformed() {
    KeyPair keys = TestJws.p256();
    JsonObject jws = TestJws.sign(keys, header(keys, null, nonces.next(), url), "{}");
    byte[] signature = Base64Url.decode(jws.getString("signature"));
    signature[5] ^= 1;
    JsonObject tampered =
        Json.createObjectBuilder(jws).add("signature", Base64Url.encode(signature)).build();

    assertThatThrownBy(() -> verify(tampered, JwsVerifier.KeyBy.JWK))
        .hasMessageContaining("malformed")
        .hasMessageContaining("does not verify");
  }

  @Test
  void verify_otherPayloadThanSigned_isMalformed() {
    KeyPair keys = TestJws.ed25519();
    JsonObject jws = TestJws.sign(keys, header(keys, null, nonces.next(), url), "{}");
    JsonObject swapped =
        Json.createObjectBuilder(jws)
            .add("payload", Base64Url.encode("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
            .build();

    assertThatThrownBy(() -> verify(swapped, JwsVerifier.KeyBy.JWK))
        .hasMessageContaining("does not verify");
  }

  @Test
  void verify_otherUrl_isUnauthorized() {
    KeyPair keys = TestJws.p256();
    JsonObject jws = TestJws.sign(keys, header(keys, null, nonces.next(), urls.newAccount()), "{}");

    assertThatThrownBy(() -> verify(jws, JwsVerifier.KeyBy.JWK))
        .isInstanceOfSatisfying(
            AcmeError.class, e -> assertThat(e.type()).endsWith(":unauthorized"));
  }

  @Test
  void verify_usedUnknownOrMissingNonce_isBadNonce() throws Exception {
    KeyPair keys = TestJws.p256();
    String nonce = nonces.next();
    verify(TestJws.sign(keys, header(keys, null, nonce, url), "{}"), JwsVerifier.KeyBy.JWK);

    for (String bad : new String[] {nonce, "AAAAAAAAAAAAAAAAAAAAAA", null}) {
      JsonObject jws = TestJws.sign(keys, header(keys, null, bad, url), "{}");
      assertThatThrownBy(() -> verify(jws, JwsVerifier.KeyBy.JWK))
          .isInstanceOfSatisfying(
              AcmeError.class,
              e -> {
                assertThat(e.type()).endsWith(":badNonce");
                assertThat(e.status()).isEqualTo(400);
              });
    }
  }

  @Test
  void verify_unsupportedAlgorithm_isBadSignatureAlgorithm() {
    KeyPair keys = TestJws.p256();
    JsonObject header =
        Json.createObjectBuilder(header(keys, null, nonces.next(), url))
            .add("alg", "HS256")
            .build();
    JsonObject jws =
        TestJws.sign(keys, Json.createObjectBuilder(header).add("alg", "ES256").build(), "{}");
    JsonObject relabelled =
        Json.createObjectBuilder(jws)
            .add("protected", Base64Url.encode(header.toString().getBytes(StandardCharsets.UTF_8)))
            .build();

    assertThatThrownBy(() -> verify(relabelled, JwsVerifier.KeyBy.JWK))
        .isInstanceOfSatisfying(
            AcmeError.class, e -> assertThat(e.json().getJsonArray("algorithms")).isNotEmpty());
  }

  @Test
  void verify_algorithmOfAnotherKeyType_isBadSignatureAlgorithm() {
    KeyPair keys = TestJws.p256();
    JsonObject header =
        Json.createObjectBuilder(header(keys, null, nonces.next(), url))
            .add("alg", "RS256")
            .build();

    assertThatThrownBy(
            () -> verify(TestJws.sign(TestJws.rsa(2048), header, "{}"), JwsVerifier.KeyBy.JWK))
        .hasMessageContaining("badSignatureAlgorithm");
  }

  @Test
  void verify_bothOrNeitherOfJwkAndKid_isMalformed() {
    KeyPair keys = TestJws.p256();
    JsonObject both =
        Json.createObjectBuilder(header(keys, null, nonces.next(), url))
            .add("kid", urls.account(UUID.randomUUID()))
            .build();
    JsonObject neither =
        Json.createObjectBuilder(header(keys, null, nonces.next(), url)).remove("jwk").build();

    assertThatThrownBy(() -> verify(TestJws.sign(keys, both, "{}"), JwsVerifier.KeyBy.EITHER))
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> verify(TestJws.sign(keys, neither, "{}"), JwsVerifier.KeyBy.EITHER))
        .hasMessageContaining("exactly one");
  }

  @Test
  void verify_kidWhereJwkIsNeeded_isMalformed() throws Exception {
    KeyPair keys = TestJws.p256();
    Acme.Account account = account(keys);
    JsonObject jws =
        TestJws.sign(keys, header(keys, urls.account(account.id()), nonces.next(), url), "{}");

    assertThatThrownBy(() -> verify(jws, JwsVerifier.KeyBy.JWK)).hasMessageContaining("'jwk'");
  }

  @Test
  void verify_byKid_findsTheAccount() throws Exception {
    KeyPair keys = TestJws.p256();
    Acme.Account account = account(keys);
    JsonObject jws =
        TestJws.sign(keys, header(keys, urls.account(account.id()), nonces.next(), url), "");

    JwsVerifier.Signed signed = verify(jws, JwsVerifier.KeyBy.KID);

    assertThat(signed.accountId()).isEqualTo(account.id());
    assertThat(signed.jws().postAsGet()).isTrue();
  }

  @Test
  void verify_kidSignedByAnotherKey_isMalformed() throws Exception {
    Acme.Account account = account(TestJws.p256());
    KeyPair other = TestJws.p256();
    JsonObject jws =
        TestJws.sign(other, header(other, urls.account(account.id()), nonces.next(), url), "");

    assertThatThrownBy(() -> verify(jws, JwsVerifier.KeyBy.KID))
        .hasMessageContaining("does not verify");
  }

  @Test
  void verify_unknownOrDeactivatedAccount_isRefused() throws Exception {
    KeyPair keys = TestJws.p256();
    JsonObject unknown =
        TestJws.sign(keys, header(keys, urls.account(UUID.randomUUID()), nonces.next(), url), "");
    assertThatThrownBy(() -> verify(unknown, JwsVerifier.KeyBy.KID))
        .isInstanceOfSatisfying(
            Acme.Problem.class,
            e -> assertThat(e.type()).isEqualTo(Acme.ProblemType.ACCOUNT_DOES_NOT_EXIST));

    Acme.Account account = account(keys);
    acme.deactivateAccount(new Actor("t", null), account.id());
    JsonObject deactivated =
        TestJws.sign(keys, header(keys, urls.account(account.id()), nonces.next(), url), "");
    assertThatThrownBy(() -> verify(deactivated, JwsVerifier.KeyBy.KID))
        .hasMessageContaining("deactivated");
  }

  @Test
  void parse_generalSerializationOrUnprotectedHeader_isMalformed() {
    KeyPair keys = TestJws.p256();
    JsonObject jws = TestJws.sign(keys, header(keys, null, nonces.next(), url), "{}");

    assertThatThrownBy(
            () ->
                Jws.parse(
                    Json.createObjectBuilder(jws)
                        .add("header", Json.createObjectBuilder())
                        .build()))
        .hasMessageContaining("Unprotected");
    assertThatThrownBy(
            () ->
                Jws.parse(
                    Json.createObjectBuilder()
                        .add("signatures", Json.createArrayBuilder())
                        .build()))
        .hasMessageContaining("flattened");
    assertThatThrownBy(() -> Jws.parse("[1]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not a JSON object");
  }

  private JwsVerifier.Signed verify(JsonObject jws, JwsVerifier.KeyBy keyBy) throws Exception {
    return verifier.verify(TestJws.bytes(jws), url, urls, FakeAcme.PROFILE, keyBy);
  }

  private static JsonObject header(KeyPair keys, String kid, String nonce, String url) {
    return TestJws.header(keys, kid, nonce, url).build();
  }

  private Acme.Account account(KeyPair keys) throws Exception {
    Jwk jwk = Jwk.parse(TestJws.jwk(keys.getPublic()));
    JsonObject eab =
        TestJws.mac(
            FakeAcme.HMAC_KEY,
            Json.createObjectBuilder()
                .add("alg", "HS256")
                .add("kid", FakeAcme.KEY_ID)
                .add("url", urls.newAccount())
                .build(),
            jwk.canonical());
    return acme.newAccount(
        new Actor("t", null),
        FakeAcme.PROFILE,
        jwk.canonical(),
        jwk.thumbprint(),
        List.of(),
        ExternalAccountBinding.check(eab, jwk, urls.newAccount()));
  }
}
