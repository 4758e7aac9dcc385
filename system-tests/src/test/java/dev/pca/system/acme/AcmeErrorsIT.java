package dev.pca.system.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.acme.AcmeFixture.Profile;
import dev.pca.system.acme.RawAcme.Answer;
import dev.pca.system.ca.Clients;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the ACME endpoint refuses, and how: each refusal is problem+json (RFC 8555 section 6.7) of
 * the error type the RFC names, seen on the wire through a client of a few lines ({@link RawAcme})
 * that sends what acme4j or certbot never would.
 */
@ExtendWith({Clients.class, AcmeLab.class})
class AcmeErrorsIT {
  private static final String URN = "urn:ietf:params:acme:error:";

  private static Profile profile;

  @BeforeAll
  static void makeProfile() {
    profile = AcmeFixture.profile();
  }

  @Test
  void newAccount_withoutBinding_answersExternalAccountRequired() {
    RawAcme acme = new RawAcme(profile.directory());
    assertThat(acme.directory.getJsonObject("meta").getBoolean("externalAccountRequired"))
        .as("the directory's meta.externalAccountRequired")
        .isTrue();

    Answer answer =
        acme.post(
            AcmeFixture.ecKeys(),
            null,
            acme.url("newAccount"),
            Json.createObjectBuilder().add("termsOfServiceAgreed", true).build());

    assertProblem(answer, "externalAccountRequired");
  }

  @Test
  void newAccount_bindingWithAWrongMacOrKeyId_answersUnauthorized() {
    RawAcme acme = new RawAcme(profile.directory());
    KeyPair key = AcmeFixture.ecKeys();
    String url = acme.url("newAccount");

    Answer wrongMac =
        acme.post(
            key, null, url, newAccount(profile.token().keyId(), RawAcme.randomHmacKey(), key, url));
    Answer unknownKeyId =
        acme.post(
            key, null, url, newAccount("no-such-key-id", profile.token().hmacKey(), key, url));

    assertProblem(wrongMac, "unauthorized");
    assertProblem(unknownKeyId, "unauthorized");
  }

  @Test
  void spentOrMadeUpNonce_answersBadNonce_withAFreshReplayNonceThatWorks() {
    RawAcme acme = new RawAcme(profile.directory());
    KeyPair key = AcmeFixture.ecKeys();
    String account = acme.newAccount(key, profile.token());
    String nonce = acme.nonce();
    Answer first = acme.postRaw(account, RawAcme.jws(key, account, nonce, account, null));
    assertThat(first.status()).as("%s", first).isEqualTo(200);

    Answer replayed = acme.postRaw(account, RawAcme.jws(key, account, nonce, account, null));
    Answer madeUp =
        acme.postRaw(account, RawAcme.jws(key, account, "bm90LWEtbm9uY2U", account, null));

    for (Answer refused : List.of(replayed, madeUp)) {
      assertProblem(refused, "badNonce");
      assertThat(refused.status()).as("%s", refused).isEqualTo(400);
      assertThat(refused.nonce()).as("a fresh Replay-Nonce in %s", refused).isNotBlank();
      assertThat(refused.nonce()).isNotEqualTo(nonce);
    }
    Answer retried =
        acme.postRaw(account, RawAcme.jws(key, account, replayed.nonce(), account, null));
    assertThat(retried.status()).as("the retry with the fresh nonce: %s", retried).isEqualTo(200);
    assertThat(retried.json().getString("status")).isEqualTo("valid");
  }

  @Test
  void newOrder_identifierOutsideTheTemplate_answersRejectedIdentifierNamingIt() {
    RawAcme acme = new RawAcme(profile.directory());
    KeyPair key = AcmeFixture.ecKeys();
    String account = acme.newAccount(key, profile.token());
    String allowed = AcmeLab.name("fine");
    String outside = "host.example.org";

    Answer answer = acme.post(key, account, acme.url("newOrder"), order(allowed, outside));

    assertProblem(answer, "rejectedIdentifier");
    JsonArray subproblems = answer.json().getJsonArray("subproblems");
    assertThat(subproblems).as("subproblems of %s", answer).isNotNull();
    List<String> named =
        subproblems.getValuesAs(JsonObject.class).stream()
            .map(subproblem -> subproblem.getJsonObject("identifier").getString("value"))
            .toList();
    assertThat(named).as("%s", answer).containsExactly(outside);
  }

  @Test
  void challengeWithNothingServed_makesTheAuthorizationAndOrderInvalid_withTheProblem()
      throws Exception {
    RawAcme acme = new RawAcme(profile.directory());
    KeyPair key = AcmeFixture.ecKeys();
    String account = acme.newAccount(key, profile.token());
    Answer order = acme.post(key, account, acme.url("newOrder"), order(AcmeLab.name("silent")));
    assertThat(order.status()).as("%s", order).isEqualTo(201);
    String authorizationUrl = order.json().getJsonArray("authorizations").getString(0);
    JsonObject authorization = acme.post(key, account, authorizationUrl, null).json();
    String challengeUrl =
        authorization.getJsonArray("challenges").getValuesAs(JsonObject.class).stream()
            .filter(challenge -> challenge.getString("type").equals("http-01"))
            .map(challenge -> challenge.getString("url"))
            .findFirst()
            .orElseThrow();

    Answer started = acme.post(key, account, challengeUrl, Json.createObjectBuilder().build());
    assertThat(started.status()).as("%s", started).isEqualTo(200);
    JsonObject settled = awaitSettled(acme, key, account, authorizationUrl);

    assertThat(settled.getString("status")).as("%s", settled).isEqualTo("invalid");
    JsonObject challenge =
        settled.getJsonArray("challenges").getValuesAs(JsonObject.class).stream()
            .filter(candidate -> candidate.getString("url").equals(challengeUrl))
            .findFirst()
            .orElseThrow();
    assertThat(challenge.getString("status")).isEqualTo("invalid");
    assertThat(challenge.getJsonObject("error").getString("type"))
        .as("%s", challenge)
        .isIn(URN + "connection", URN + "incorrectResponse");
    JsonObject orderNow = acme.post(key, account, order.location(), null).json();
    assertThat(orderNow.getString("status")).as("%s", orderNow).isEqualTo("invalid");
  }

  @Test
  void revokedToken_itsAccountsOrdersAndNewAccountsAnswerUnauthorized() {
    AcmeFixture.Token token = AcmeFixture.token(profile.id());
    RawAcme acme = new RawAcme(profile.directory());
    KeyPair key = AcmeFixture.ecKeys();
    String account = acme.newAccount(key, token);
    Answer before = acme.post(key, account, acme.url("newOrder"), order(AcmeLab.name("before")));
    assertThat(before.status())
        .as("an order before the token was revoked: %s", before)
        .isEqualTo(201);

    AcmeFixture.revokeToken(token);

    Answer after = acme.post(key, account, acme.url("newOrder"), order(AcmeLab.name("after")));
    assertProblem(after, "unauthorized");
    KeyPair other = AcmeFixture.ecKeys();
    String url = acme.url("newAccount");
    Answer bound =
        acme.post(other, null, url, newAccount(token.keyId(), token.hmacKey(), other, url));
    assertProblem(bound, "unauthorized");
  }

  @Test
  void ordersBeyondTheAccountsHourlyRate_answerRateLimited_withRetryAfter() {
    RawAcme acme = new RawAcme(profile.directory());
    KeyPair key = AcmeFixture.ecKeys();
    String account = acme.newAccount(key, profile.token());

    AcmeLab.withServerProperty(
        "pca.acme.orders-per-hour",
        "2",
        () -> {
          for (String label : List.of("rate-one", "rate-two")) {
            // A refused order takes no place in the window.
            assertProblem(
                acme.post(key, account, acme.url("newOrder"), order("host.example.org")),
                "rejectedIdentifier");
            Answer placed =
                acme.post(key, account, acme.url("newOrder"), order(AcmeLab.name(label)));
            assertThat(placed.status()).as("%s", placed).isEqualTo(201);
          }
          Answer third =
              acme.post(key, account, acme.url("newOrder"), order(AcmeLab.name("rate-three")));

          assertProblem(third, "rateLimited");
          assertThat(third.status()).as("%s", third).isEqualTo(429);
          assertThat(third.retryAfter()).as("Retry-After of %s", third).isNotNull();
          assertThat(Long.parseLong(third.retryAfter()))
              .as("seconds until the first order leaves the hour")
              .isBetween(1L, 3600L);
        });
    Answer afterwards =
        acme.post(key, account, acme.url("newOrder"), order(AcmeLab.name("rate-after")));
    assertThat(afterwards.status())
        .as("with the default rate again: %s", afterwards)
        .isEqualTo(201);
  }

  @Test
  void garbageBody_answersMalformedProblem_withoutInternals() {
    RawAcme acme = new RawAcme(profile.directory());
    for (String body :
        List.of(
            "this is no JWS {", "{\"protected\":\"!!!\",\"payload\":\"\",\"signature\":\"\"}")) {
      for (String url : List.of(acme.url("newAccount"), acme.url("newOrder"))) {
        Answer answer = acme.postRaw(url, body);

        assertProblem(answer, "malformed");
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.body())
            .as("%s", answer)
            .doesNotContain("Exception", "\tat ", "dev.pca.", "jakarta.", "org.jboss");
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static JsonObject newAccount(String keyId, String hmacKey, KeyPair key, String url) {
    return Json.createObjectBuilder()
        .add("termsOfServiceAgreed", true)
        .add("externalAccountBinding", RawAcme.binding(keyId, hmacKey, key, url))
        .build();
  }

  private static JsonObject order(String... names) {
    var identifiers = Json.createArrayBuilder();
    for (String name : names) {
      identifiers.add(Json.createObjectBuilder().add("type", "dns").add("value", name));
    }
    return Json.createObjectBuilder().add("identifiers", identifiers).build();
  }

  /** Asks for the authorization until it is neither pending nor processing (a minute at most). */
  private static JsonObject awaitSettled(RawAcme acme, KeyPair key, String account, String url)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonObject authorization;
    do {
      authorization = acme.post(key, account, url, null).json();
      if (!Set.of("pending", "processing").contains(authorization.getString("status"))) {
        return authorization;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    return authorization;
  }

  /** A problem document of that ACME error type, 4xx. */
  private static void assertProblem(Answer answer, String type) {
    assertThat(answer.status()).as("%s", answer).isBetween(400, 499);
    assertThat(answer.contentType()).as("%s", answer).startsWith(RawAcme.PROBLEM);
    assertThat(answer.json().getString("type")).as("%s", answer).isEqualTo(URN + type);
  }
}
