package dev.pca.system.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Browser;
import dev.pca.system.Stack;
import dev.pca.system.ca.Api;
import dev.pca.system.ca.CaFixture;
import dev.pca.system.ca.Clients;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * ACME tokens, the keys of external account binding, as operators hand them out: made through the
 * REST API and the console for an ACME profile with the HMAC key shown once and a certbot command
 * line that registers with it, listed without keys, revoked; refused to auditors, to profiles that
 * are not ACME's and to ids that name nothing.
 */
@ExtendWith(Clients.class)
class AcmeTokensIT {
  private static final String WILDFLY =
      System.getProperty("pca.wildfly.url", "http://127.0.0.1:8080");

  /** 256 bits in base64url without padding. */
  private static final String HMAC_KEY = "[A-Za-z0-9_-]{43}";

  private Browser browser;

  @AfterEach
  void quitBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  // ---------------------------------------------------------------- REST

  @Test
  void operator_makesToken_keyShownOnce_listedWithoutIt_thenRevokes() {
    CaFixture.Ca ca = newCa();
    JsonObject profile = CaFixture.acmeProfile(ca);
    String profileId = profile.getString("id");

    HttpResponse<String> made =
        post(Clients.operator(), tokensOf(profileId), "{\"description\":\"web servers\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonObject token = json(made.body());
    String id = token.getString("id");
    String keyId = token.getString("keyId");
    String hmacKey = token.getString("hmacKey");
    assertThat(made.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/api/v2/acme-tokens/" + id));
    assertThat(hmacKey).matches(HMAC_KEY);
    assertThat(Base64.getUrlDecoder().decode(hmacKey)).hasSize(32);
    assertThat(token.getString("profileId")).isEqualTo(profileId);
    assertThat(token.getString("description")).isEqualTo("web servers");
    assertThat(token.getString("createdBy")).isNotBlank();
    assertThat(token.getJsonNumber("accounts").longValue()).isZero();
    assertThat(absent(token, "revokedAt")).isTrue();
    String directory = WILDFLY + "/acme/" + profile.getString("name") + "/directory";
    assertThat(token.getString("directory")).isEqualTo(directory);
    assertThat(token.getString("certbot"))
        .isEqualTo(
            "certbot register --server "
                + directory
                + " --eab-kid "
                + keyId
                + " --eab-hmac-key "
                + hmacKey
                + " --agree-tos --no-eff-email -m you@example.org");

    // Listed for auditors too, never with the key.
    Api.Answer listed = Api.expect(Api.get(Clients.auditor(), tokensPath(profileId)), 200);
    assertThat(listed.body()).doesNotContain(hmacKey).doesNotContain("hmacKey");
    JsonObject entry = only(listed, id);
    assertThat(entry.getString("keyId")).isEqualTo(keyId);
    assertThat(entry.getString("description")).isEqualTo("web servers");
    assertThat(absent(entry, "revokedAt")).isTrue();

    // Revoked by whoever may make them, and listed so.
    JsonObject revoked =
        Api.expect(Api.post(Clients.admin(), "/acme-tokens/" + id + "/revoke", null), 200).json();
    assertThat(revoked.getString("id")).isEqualTo(id);
    assertThat(revoked.getString("revokedAt")).isNotBlank();
    assertThat(revoked.getString("revokedBy")).isNotBlank();
    assertThat(revoked.toString()).doesNotContain(hmacKey);
    JsonObject after =
        only(Api.expect(Api.get(Clients.operator(), tokensPath(profileId)), 200), id);
    assertThat(micros(after.getString("revokedAt")))
        .isEqualTo(micros(revoked.getString("revokedAt")));
  }

  @Test
  void admin_makesTokens_newestFirst() {
    CaFixture.Ca ca = newCa();
    String profileId = CaFixture.acmeProfile(ca).getString("id");
    String first = make(Clients.admin(), profileId, "first").getString("id");
    String second = make(Clients.admin(), profileId, "second").getString("id");

    List<String> ids =
        Api.expect(Api.get(Clients.admin(), tokensPath(profileId)), 200)
            .array()
            .getValuesAs(JsonObject.class)
            .stream()
            .map(t -> t.getString("id"))
            .toList();
    assertThat(ids).containsExactly(second, first);
  }

  @Test
  void auditor_listsTokens_butCannotMakeOrRevokeThem() {
    CaFixture.Ca ca = newCa();
    String profileId = CaFixture.acmeProfile(ca).getString("id");
    String id = make(Clients.operator(), profileId, "for the auditor").getString("id");

    expectProblem(
        Api.post(Clients.auditor(), tokensPath(profileId), "{\"description\":\"mine\"}"), 403);
    expectProblem(Api.post(Clients.auditor(), "/acme-tokens/" + id + "/revoke", null), 403);
    JsonObject listed =
        only(Api.expect(Api.get(Clients.auditor(), tokensPath(profileId)), 200), id);
    assertThat(absent(listed, "revokedAt")).isTrue();
    assertThat(Api.expect(Api.get(Clients.auditor(), tokensPath(profileId)), 200).array())
        .hasSize(1);
  }

  @Test
  void unknownIds_areNotFound() {
    String nothing = UUID.randomUUID().toString();
    expectProblem(Api.post(Clients.operator(), tokensPath(nothing), "{}"), 404);
    expectProblem(Api.get(Clients.auditor(), tokensPath(nothing)), 404);
    expectProblem(Api.post(Clients.operator(), "/acme-tokens/" + nothing + "/revoke", null), 404);
  }

  @Test
  void scepProfile_takesNoTokens_asItIsNoAcmeProfile() {
    CaFixture.Ca ca = newCa();
    String scep =
        CaFixture.enrollmentProfile(
                ca,
                CaFixture.enrollmentDraft(
                    "scep-" + Api.suffix(),
                    ca.intermediateId(),
                    ca.templateId(),
                    "SCEP",
                    "CHALLENGE",
                    null,
                    false,
                    false))
            .getJsonObject("profile")
            .getString("id");

    // The core knows no ACME profile of that id.
    Api.Answer refused = Api.post(Clients.operator(), tokensPath(scep), "{\"description\":\"x\"}");
    expectProblem(refused, 404);
    assertThat(refused.body()).doesNotContainIgnoringCase("hmac");
    expectProblem(Api.get(Clients.auditor(), tokensPath(scep)), 404);
  }

  @Test
  void description_longerThan255_isRefused() {
    CaFixture.Ca ca = newCa();
    String profileId = CaFixture.acmeProfile(ca).getString("id");
    String body = Json.createObjectBuilder().add("description", "d".repeat(256)).build().toString();
    expectProblem(Api.post(Clients.operator(), tokensPath(profileId), body), 400);
    assertThat(Api.expect(Api.get(Clients.auditor(), tokensPath(profileId)), 200).array())
        .isEmpty();
  }

  /**
   * The command line as the API gives it, run as it is (with certbot's directories in a temporary
   * one and a real address), registers an account bound to the token; once the token is revoked, it
   * registers none.
   */
  @Test
  void certbotCommandLine_registersAnAccount_untilTheTokenIsRevoked(@TempDir Path work) {
    CaFixture.Ca ca = newCa();
    String profileId = CaFixture.acmeProfile(ca).getString("id");
    JsonObject token = make(Clients.operator(), profileId, "certbot");

    Stack.Run registered = certbot(token.getString("certbot"), work.resolve("first"));
    assertThat(registered.exitCode()).as("%s", registered).isZero();
    assertThat(
            only(
                    Api.expect(Api.get(Clients.auditor(), tokensPath(profileId)), 200),
                    token.getString("id"))
                .getJsonNumber("accounts")
                .longValue())
        .isEqualTo(1);

    Api.expect(
        Api.post(Clients.operator(), "/acme-tokens/" + token.getString("id") + "/revoke", null),
        200);
    Stack.Run refused = certbot(token.getString("certbot"), work.resolve("second"));
    assertThat(refused.exitCode()).as("%s", refused).isNotZero();
    assertThat(
            only(
                    Api.expect(Api.get(Clients.auditor(), tokensPath(profileId)), 200),
                    token.getString("id"))
                .getJsonNumber("accounts")
                .longValue())
        .isEqualTo(1);
  }

  // ---------------------------------------------------------------- console

  @Test
  void console_adminMakesAcmeProfile_thenTokenWithCertbotLine_andRevokesIt(TestInfo test) {
    CaFixture.Ca ca = newCa();
    String name = "acme-" + Api.suffix();
    browser = Browser.start(test.getTestMethod().orElseThrow().getName());
    browser.signInAs("admin");

    browser.open("enrollment/index.xhtml?repository=" + ca.repositoryId());
    browser.byId("new-acme").click();
    browser.type("profile:name", name);
    new Select(browser.byId("profile:issuer")).selectByValue(ca.intermediateId());
    new Select(browser.byId("profile:template")).selectByValue(ca.templateId());
    browser
        .find(By.cssSelector("input[name='profile:authentication'][value='EXTERNAL_ACCOUNT']"))
        .click();
    assertThat(browser.all(By.id("profile:manualApproval"))).isEmpty();
    browser.screenshot("acme-profile-new");
    browser.submit("profile:save");
    browser.screenshot("acme-profile-created");
    assertThat(browser.messages()).contains("Profile " + name + " created.");
    String directory = WILDFLY + "/acme/" + name + "/directory";
    assertThat(browser.text("device-url")).isEqualTo(directory);

    browser.byId("acme-tokens").click();
    browser.byId("create:description");
    browser.screenshot("tokens-empty");
    String profileId = profileIn(browser.url());
    assertThat(browser.text("no-tokens")).contains("no tokens");
    browser.type("create:description", "web servers");
    browser.submit("create:make");
    browser.screenshot("token-made");
    String keyId = browser.text("new-token-kid");
    String hmacKey = browser.text("new-token-hmac");
    assertThat(browser.messages()).contains("Token " + keyId + " made.");
    assertThat(hmacKey).matches(HMAC_KEY);
    assertThat(browser.text("new-token-directory")).isEqualTo(directory);
    assertThat(browser.text("certbot"))
        .isEqualTo(
            "certbot register --server "
                + directory
                + " --eab-kid "
                + keyId
                + " --eab-hmac-key "
                + hmacKey
                + " --agree-tos --no-eff-email -m you@example.org");
    assertThat(browser.text("list:tokens")).contains(keyId, "web servers", "active", "admin");

    // Shown once: the same page again has the key no more.
    browser.driver().navigate().refresh();
    browser.byId("list:tokens");
    browser.screenshot("token-reloaded");
    assertThat(browser.all(By.id("new-token-hmac"))).isEmpty();
    assertThat(browser.driver().getPageSource()).doesNotContain(hmacKey);

    // Revoking asks first; cancelling leaves the token be.
    browser.submit(revokeButtonOf(keyId));
    browser.screenshot("revoke-asked");
    assertThat(browser.text("confirm-revoke")).contains(keyId);
    browser.submit("revoke:cancel");
    assertThat(browser.all(By.id("confirm-revoke"))).isEmpty();
    assertThat(absent(only(tokens(profileId), tokenId(profileId, keyId)), "revokedAt")).isTrue();

    browser.submit(revokeButtonOf(keyId));
    browser.submit("revoke:confirm");
    browser.screenshot("revoked");
    assertThat(browser.messages()).contains("Token " + keyId + " revoked.");
    assertThat(browser.text("list:tokens")).contains(keyId, "revoked");
    assertThat(browser.all(By.cssSelector("#list\\:tokens input[type=submit]"))).isEmpty();
    assertThat(only(tokens(profileId), tokenId(profileId, keyId)).getString("revokedAt"))
        .isNotBlank();
  }

  @Test
  void console_auditorSeesTokens_isOfferedNoAction(TestInfo test) {
    CaFixture.Ca ca = newCa();
    JsonObject profile = CaFixture.acmeProfile(ca);
    String keyId =
        make(Clients.operator(), profile.getString("id"), "seen by auditors").getString("keyId");
    browser = Browser.start(test.getTestMethod().orElseThrow().getName());
    browser.signInAs("auditor");

    browser.open("enrollment/index.xhtml?repository=" + ca.repositoryId());
    browser.find(By.cssSelector("#profiles a.acme-tokens")).click();
    browser.byId("list:tokens");
    browser.screenshot("tokens");
    assertThat(browser.text("list:tokens")).contains(keyId, "seen by auditors", "active");
    assertThat(browser.text("directory"))
        .endsWith("/acme/" + profile.getString("name") + "/directory");
    assertThat(browser.all(By.id("create:make"))).isEmpty();
    assertThat(browser.all(By.cssSelector("input[type=submit]")))
        .extracting(b -> b.getAttribute("value"))
        .doesNotContain("Revoke", "Make a token");
  }

  // ---------------------------------------------------------------- helpers

  /** A repository with a root, an intermediate and the tls-server template. */
  private static CaFixture.Ca newCa() {
    return CaFixture.newCa("EC_P256", true, false);
  }

  private static String tokensPath(String profileId) {
    return "/enrollment-profiles/" + profileId + "/acme-tokens";
  }

  private static String tokensOf(String profileId) {
    return WILDFLY + "/api/v2" + tokensPath(profileId);
  }

  private static JsonObject make(String token, String profileId, String description) {
    return Api.expect(
            Api.post(
                token,
                tokensPath(profileId),
                Json.createObjectBuilder().add("description", description).build().toString()),
            201)
        .json();
  }

  private static Api.Answer tokens(String profileId) {
    return Api.expect(Api.get(Clients.auditor(), tokensPath(profileId)), 200);
  }

  /** The id of the profile's token with this key id. */
  private static String tokenId(String profileId, String keyId) {
    return tokens(profileId).array().getValuesAs(JsonObject.class).stream()
        .filter(t -> t.getString("keyId").equals(keyId))
        .map(t -> t.getString("id"))
        .findFirst()
        .orElseThrow();
  }

  /** The one entry of a token list with this id. */
  private static JsonObject only(Api.Answer list, String id) {
    List<JsonObject> matching =
        list.array().getValuesAs(JsonObject.class).stream()
            .filter(t -> t.getString("id").equals(id))
            .toList();
    assertThat(matching).as("token %s in %s", id, list).hasSize(1);
    return matching.get(0);
  }

  /** A POST outside Api, for the answer's headers (Location). */
  private static HttpResponse<String> post(String token, String url, String body) {
    return Stack.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void expectProblem(Api.Answer answer, int status) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
    assertThat(answer.contentType()).as("%s", answer).startsWith("application/problem+json");
  }

  /** An instant as the database keeps it, to microseconds. */
  private static Instant micros(String instant) {
    return Instant.parse(instant).truncatedTo(ChronoUnit.MICROS);
  }

  private static boolean absent(JsonObject object, String field) {
    return !object.containsKey(field) || object.isNull(field);
  }

  private static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  /** Runs certbot's command line as given, its state kept under {@code dir}, without prompts. */
  private static Stack.Run certbot(String commandLine, Path dir) {
    List<String> command = new ArrayList<>(List.of(commandLine.split(" ")));
    command.set(command.indexOf("you@example.org"), "it@example.com");
    command.addAll(
        List.of(
            "--non-interactive",
            "--config-dir",
            dir.resolve("config").toString(),
            "--work-dir",
            dir.resolve("work").toString(),
            "--logs-dir",
            dir.resolve("logs").toString()));
    return Stack.run(command, Map.of(), Duration.ofSeconds(120));
  }

  /** The Faces id of the revoke button in the row of the token with this key id. */
  private String revokeButtonOf(String keyId) {
    return browser
        .find(
            By.xpath(
                "//tr[td[contains(normalize-space(.), '"
                    + keyId
                    + "')]]//input[@type='submit' and contains(@id, ':revoke')]"))
        .getAttribute("id");
  }

  /** The profile id the tokens page's URL names. */
  private static String profileIn(String url) {
    int at = url.indexOf("profile=");
    assertThat(at).as("a profile in %s", url).isNotNegative();
    return url.substring(at + "profile=".length(), at + "profile=".length() + 36);
  }
}
