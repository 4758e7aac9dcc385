package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.security.KeyPair;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AcmeEndpointTest {
  private static final String ORIGIN = "https://ca.example:8443";
  private final AcmeTestServer server;
  private final AcmeUrls urls = new AcmeUrls(ORIGIN, "web");

  AcmeEndpointTest() throws Exception {
    server = new AcmeTestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void directory_namesThePublicUrlsAndRequiresExternalAccounts() {
    AcmeResponse response = get("/web/directory");

    assertThat(response.status()).isEqualTo(200);
    JsonObject directory = json(response);
    assertThat(directory.getString("newNonce")).isEqualTo(ORIGIN + "/acme/web/new-nonce");
    assertThat(directory.getString("newAccount")).isEqualTo(ORIGIN + "/acme/web/new-account");
    assertThat(directory.getString("newOrder")).isEqualTo(ORIGIN + "/acme/web/new-order");
    assertThat(directory.getString("revokeCert")).isEqualTo(ORIGIN + "/acme/web/revoke-cert");
    assertThat(directory.getString("keyChange")).isEqualTo(ORIGIN + "/acme/web/key-change");
    assertThat(directory.getString("renewalInfo")).isEqualTo(ORIGIN + "/acme/web/renewal-info");
    assertThat(directory.getJsonObject("meta").getBoolean("externalAccountRequired")).isTrue();
    assertThat(response.bodyText()).doesNotContain("/enroll");
  }

  @Test
  void everyResponse_carriesAFreshNonceAndTheIndexLink() {
    AcmeResponse first = get("/web/directory");
    AcmeResponse second = get("/web/order/" + UUID.randomUUID());

    assertThat(first.header("Replay-Nonce")).isNotBlank();
    assertThat(second.header("Replay-Nonce"))
        .isNotBlank()
        .isNotEqualTo(first.header("Replay-Nonce"));
    assertThat(first.header("Link")).isEqualTo("<" + urls.directory() + ">;rel=\"index\"");
    assertThat(second.header("Link")).isEqualTo("<" + urls.directory() + ">;rel=\"index\"");
  }

  @Test
  void newNonce_headIs200AndGetIs204_neverCached() {
    AcmeResponse head = request("HEAD", "/web/new-nonce", null, new byte[0]);
    AcmeResponse get = get("/web/new-nonce");

    assertThat(head.status()).isEqualTo(200);
    assertThat(get.status()).isEqualTo(204);
    assertThat(head.header("Cache-Control")).isEqualTo("no-store");
    assertThat(get.header("Cache-Control")).isEqualTo("no-store");
    assertThat(server.nonces.use(get.header("Replay-Nonce"))).isTrue();
  }

  @Test
  void getOfAResource_is405WithAllowPost() {
    AcmeResponse response = get("/web/order/" + UUID.randomUUID());

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Allow")).isEqualTo("POST");
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(json(response).getString("type")).isEqualTo("urn:ietf:params:acme:error:malformed");
  }

  @Test
  void unknownProfile_is404_andDisabledProfile_is403Unauthorized() {
    AcmeResponse unknown = get("/nope/directory");
    AcmeResponse disabled = get("/off/directory");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(json(unknown).getString("type")).endsWith(":malformed");
    assertThat(disabled.status()).isEqualTo(403);
    assertThat(json(disabled).getString("type")).endsWith(":unauthorized");
  }

  @Test
  void unknownPath_is404() {
    AcmeResponse response = get("/web/nothing-here");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("Replay-Nonce")).isNotBlank();
  }

  @Test
  void unexpectedFailure_isServerInternalWithoutInternals() {
    AcmeResponse response = get("/boom/directory");

    assertThat(response.status()).isEqualTo(500);
    assertThat(json(response).getString("type")).endsWith(":serverInternal");
    assertThat(response.bodyText()).contains("correlation id").doesNotContain("secret");
  }

  @Test
  void postOfAnotherContentType_is415() {
    AcmeResponse response = request("POST", "/web/new-order", "application/json", "{}".getBytes());

    assertThat(response.status()).isEqualTo(415);
  }

  @Test
  void postTooLarge_is413() {
    AcmeResponse response =
        request("POST", "/web/new-order", Jws.CONTENT_TYPE, new byte[AcmeEndpoint.MAX_BODY + 1]);

    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void badNonce_is400WithAFreshNonceToRetryWith() {
    KeyPair keys = TestJws.p256();
    JsonObject jws =
        TestJws.sign(
            keys,
            TestJws.header(keys, null, "AAAAAAAAAAAAAAAAAAAAAA", urls.newAccount()).build(),
            "{}");

    AcmeResponse response = post("/web/new-account", jws);

    assertThat(response.status()).isEqualTo(400);
    assertThat(json(response).getString("type")).isEqualTo("urn:ietf:params:acme:error:badNonce");
    assertThat(server.nonces.use(response.header("Replay-Nonce"))).isTrue();
  }

  @Test
  void newAccountWithoutBinding_isExternalAccountRequired_auditedAsNew() {
    KeyPair keys = TestJws.p256();
    JsonObject jws =
        TestJws.sign(
            keys,
            TestJws.header(keys, null, server.nonces.next(), urls.newAccount()).build(),
            "{}");

    AcmeResponse response = post("/web/new-account", jws);

    assertThat(response.status()).isEqualTo(400);
    assertThat(json(response).getString("type")).endsWith(":externalAccountRequired");
    assertThat(server.acme.actors).containsExactly("acme:web:new");
  }

  @Test
  void newAccountWithBinding_is201WithLocation_thenAnOrderIsAuditedAsTheAccount() {
    KeyPair keys = TestJws.ed25519();
    AcmeResponse created = newAccount(keys);

    assertThat(created.status()).isEqualTo(201);
    String location = created.header("Location");
    assertThat(location).startsWith(ORIGIN + "/acme/web/acct/");
    assertThat(json(created).getString("status")).isEqualTo("valid");
    assertThat(json(created).getString("orders")).isEqualTo(location + "/orders");

    AcmeResponse again = newAccount(keys);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.header("Location")).isEqualTo(location);

    JsonObject order =
        TestJws.sign(
            keys,
            TestJws.header(keys, location, server.nonces.next(), urls.newOrder()).build(),
            "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"www.example.org\"}]}");
    AcmeResponse ordered = post("/web/new-order", order);
    assertThat(ordered.status()).isEqualTo(201);
    assertThat(ordered.header("Location")).startsWith(ORIGIN + "/acme/web/order/");
    assertThat(json(ordered).getJsonArray("authorizations")).hasSize(1);
    String id = location.substring(location.lastIndexOf('/') + 1);
    assertThat(server.acme.actors).contains("acme:web:" + id);
  }

  @Test
  void newAccountThatLosesARaceForItsKey_answersTheAccountThatWon() {
    KeyPair keys = TestJws.p256();
    server.acme.loseNextRegistration = true;

    AcmeResponse answer = newAccount(keys);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Location")).startsWith(ORIGIN + "/acme/web/acct/");
    assertThat(json(answer).getString("status")).isEqualTo("valid");
  }

  @Test
  void accountUrlOfAnotherAccount_isUnauthorized() {
    KeyPair keys = TestJws.p256();
    String location = newAccount(keys).header("Location");
    String other = urls.account(UUID.randomUUID());
    JsonObject jws =
        TestJws.sign(keys, TestJws.header(keys, location, server.nonces.next(), other).build(), "");

    AcmeResponse response = post(other.substring((ORIGIN + "/acme").length()), jws);

    assertThat(response.status()).isEqualTo(403);
  }

  private AcmeResponse newAccount(KeyPair keys) {
    JsonObject eab =
        TestJws.mac(
            FakeAcme.HMAC_KEY,
            Json.createObjectBuilder()
                .add("alg", "HS256")
                .add("kid", FakeAcme.KEY_ID)
                .add("url", urls.newAccount())
                .build(),
            TestJws.jwk(keys.getPublic()).toString());
    JsonObject jws =
        TestJws.sign(
            keys,
            TestJws.header(keys, null, server.nonces.next(), urls.newAccount()).build(),
            Json.createObjectBuilder()
                .add("contact", Json.createArrayBuilder().add("mailto:ops@example.org"))
                .add("termsOfServiceAgreed", true)
                .add("externalAccountBinding", eab)
                .build()
                .toString());
    return post("/web/new-account", jws);
  }

  private AcmeResponse get(String path) {
    return request("GET", path, null, new byte[0]);
  }

  private AcmeResponse post(String path, JsonObject jws) {
    return request("POST", path, Jws.CONTENT_TYPE, TestJws.bytes(jws));
  }

  private AcmeResponse request(String method, String path, String contentType, byte[] body) {
    return server.endpoint.handle(
        new AcmeRequest(method, ORIGIN, path, contentType, body, "192.0.2.7"));
  }

  private static JsonObject json(AcmeResponse response) {
    try (JsonReader reader = Json.createReader(new StringReader(response.bodyText()))) {
      return reader.readObject();
    }
  }
}
