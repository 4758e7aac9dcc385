package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Browser;
import dev.pca.system.Stack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Device enrollment in the console: an administrator sets up SCEP and EST profiles and sees each
 * secret the server makes once, an operator makes a one-time challenge for a named device, and an
 * auditor reads everything but is offered no action, and is refused when posting one anyway.
 */
@ExtendWith(Clients.class)
class ConsoleEnrollmentIT {
  private static final String SECRET = "[a-z2-9]{32}";
  private static final String EST =
      System.getProperty("pca.enrollment.url", "https://127.0.0.1:8443");

  private Browser browser;

  @BeforeEach
  void startBrowser(TestInfo test) {
    browser = Browser.start(test.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void quitBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void admin_createsScepAndEstProfiles_seesEachSecretOnce() {
    CaFixture.Ca ca = CaFixture.newCa();
    String scep = name("scep");
    String est = name("est");
    browser.signInAs("admin");

    browser.open("enrollment/index.xhtml?repository=" + ca.repositoryId());
    browser.screenshot("enrollment-empty");
    browser.byId("new-scep").click();
    fillProfile(ca, scep, "CHALLENGE");
    browser.screenshot("scep-new");
    browser.submit("profile:save");
    browser.screenshot("scep-created");
    assertThat(browser.messages()).contains("Profile " + scep + " created.");
    String scepId = ConsolePages.idIn(browser.url());
    String secret = browser.text("secret-value");
    assertThat(secret).matches(SECRET);
    assertThat(browser.text("secret")).contains("shown only this once");
    assertThat(browser.text("device-url")).startsWith("http://").endsWith("/scep/" + scep);

    JsonObject stored = profile(scepId);
    assertThat(stored.getString("protocol")).isEqualTo("SCEP");
    assertThat(stored.getString("authentication")).isEqualTo("CHALLENGE");
    assertThat(stored.getString("issuerId")).isEqualTo(ca.intermediateId());
    assertThat(stored.getString("templateId")).isEqualTo(ca.templateId());
    assertThat(stored.getBoolean("manualApproval")).isFalse();
    assertThat(browser.text("ra-serial")).isEqualTo(stored.getString("raSerial"));

    // Shown once: the same page again has it no more.
    browser.driver().navigate().refresh();
    browser.byId("profile-facts");
    browser.screenshot("scep-reloaded");
    assertThat(browser.all(By.id("secret-value"))).isEmpty();
    assertThat(browser.driver().getPageSource()).doesNotContain(secret);

    // A new secret replaces the old one, and is shown once too.
    browser.submit("manage:newSecret");
    browser.screenshot("scep-new-secret");
    assertThat(browser.text("secret-value")).matches(SECRET).isNotEqualTo(secret);

    browser.open("enrollment/index.xhtml?repository=" + ca.repositoryId());
    browser.byId("new-est").click();
    fillProfile(ca, est, "HTTP_BASIC");
    browser.type("profile:username", "router");
    browser.byId("profile:manualApproval").click();
    browser.screenshot("est-new");
    browser.submit("profile:save");
    browser.screenshot("est-created");
    assertThat(browser.messages()).contains("Profile " + est + " created.");
    String estId = ConsolePages.idIn(browser.url());
    assertThat(browser.text("secret-username")).isEqualTo("router");
    assertThat(browser.text("secret-value")).matches(SECRET);
    assertThat(browser.text("device-url"))
        .startsWith("https://")
        .endsWith(":8443/.well-known/est/" + est + "/");
    JsonObject estStored = profile(estId);
    assertThat(estStored.getString("protocol")).isEqualTo("EST");
    assertThat(estStored.getString("authentication")).isEqualTo("HTTP_BASIC");
    assertThat(estStored.getString("username")).isEqualTo("router");
    assertThat(estStored.getBoolean("manualApproval")).isTrue();

    // Both on the repository's page, with the URLs devices are given.
    browser.open("enrollment/index.xhtml?repository=" + ca.repositoryId());
    browser.screenshot("enrollment-profiles");
    assertThat(browser.text("profiles"))
        .contains(scep, est, "/scep/" + scep, "/.well-known/est/" + est + "/", "router")
        .contains(ca.intermediateLabel(), "by an operator", "automatic");
    assertThat(browser.text("profiles")).doesNotContain(secret);

    // Switched off, then the unused SCEP profile deleted.
    browser.find(By.linkText(est)).click();
    browser.submit("manage:disable");
    browser.screenshot("est-disabled");
    assertThat(browser.text("profile-status")).isEqualTo("disabled");
    assertThat(profile(estId).getBoolean("enabled")).isFalse();

    browser.open("enrollment/edit.xhtml?id=" + scepId);
    browser.submit("delete:delete");
    browser.screenshot("scep-deleted");
    assertThat(browser.messages()).contains("Profile " + scep + " deleted.");
    Api.expectProblem(Api.get(Clients.auditor(), "/enrollment-profiles/" + scepId), 404);
  }

  @Test
  void admin_profileThatCannotWork_isRefusedWithItsReason() {
    CaFixture.Ca ca = CaFixture.newCa();
    browser.signInAs("admin");

    // HTTP Basic without a user name.
    browser.open("enrollment/edit.xhtml?protocol=EST&repository=" + ca.repositoryId());
    fillProfile(ca, name("est"), "HTTP_BASIC");
    browser.submit("profile:save");
    browser.screenshot("refused");
    assertThat(browser.messages()).anyMatch(m -> m.contains("user name"));
    assertThat(browser.all(By.id("secret-value"))).isEmpty();
    assertThat(
            Api.expect(
                    Api.get(
                        Clients.auditor(),
                        "/repositories/" + ca.repositoryId() + "/enrollment-profiles"),
                    200)
                .array())
        .isEmpty();
  }

  @Test
  void operator_makesOneTimeChallengeForADevice_shownOnce() {
    CaFixture.Ca ca = CaFixture.newCa();
    String id = EnrollmentProfilesIT.profile(ca, "SCEP", "ONE_TIME_CHALLENGE", null);
    String name = profile(id).getString("name");
    browser.signInAs("operator");

    browser.open("enrollment/index.xhtml?repository=" + ca.repositoryId());
    browser.screenshot("enrollment");
    // Operators run profiles, administrators set them up.
    assertThat(browser.all(By.id("new-scep"))).isEmpty();
    assertThat(browser.all(By.cssSelector("#profiles a.edit"))).isEmpty();
    browser.find(By.xpath(row(name) + "//a[contains(@class,'challenge')]")).click();
    browser.screenshot("challenge");
    browser.type("challenge-form:device", "router-17");
    browser.type("challenge-form:validity", "2");
    new Select(browser.byId("challenge-form:unit")).selectByValue("HOURS");
    browser.submit("challenge-form:make");
    browser.screenshot("challenge-made");
    assertThat(browser.messages()).contains("A one-time challenge for router-17 is made.");
    assertThat(browser.text("challenge-device")).isEqualTo("router-17");
    String password = browser.text("challenge-password");
    assertThat(password).matches(SECRET);
    assertThat(browser.text("challenge-expires")).endsWith("UTC");

    browser.driver().navigate().refresh();
    browser.byId("challenge-form");
    browser.screenshot("challenge-reloaded");
    assertThat(browser.all(By.id("challenge-password"))).isEmpty();
    assertThat(browser.driver().getPageSource()).doesNotContain(password);
    assertThat(auditActions(id)).contains("enrollment.challenge.create");
  }

  @Test
  void auditor_seesEnrollment_isOfferedNoAction_andDirectPostsAreRefused() {
    CaFixture.Ca ca = CaFixture.newCa();
    String oneTime = EnrollmentProfilesIT.profile(ca, "SCEP", "ONE_TIME_CHALLENGE", null);
    String basic = EnrollmentProfilesIT.profile(ca, "EST", "HTTP_BASIC", "router");
    browser.signInAs("auditor");

    browser.open("enrollment/index.xhtml?repository=" + ca.repositoryId());
    browser.screenshot("enrollment");
    assertThat(browser.text("profiles"))
        .contains(profile(oneTime).getString("name"), profile(basic).getString("name"));
    assertThat(browser.all(By.id("new-scep"))).isEmpty();
    assertThat(browser.all(By.id("new-est"))).isEmpty();
    assertThat(browser.all(By.cssSelector("#profiles a")))
        .noneMatch(a -> a.getAttribute("href").contains("/enrollment/"));
    assertThat(browser.all(By.cssSelector("input[type=submit]")))
        .extracting(b -> b.getAttribute("id"))
        .containsExactly("picker:show");

    // The actions' forms, as a browser would send them, from the auditor's own session and with a
    // view state it really holds.
    String viewState = browser.find(By.name("jakarta.faces.ViewState")).getAttribute("value");
    String cookies = browser.cookieHeader();
    Map<String, String> challenge = new LinkedHashMap<>();
    challenge.put("challenge-form", "challenge-form");
    challenge.put("challenge-form:device", "forged-device");
    challenge.put("challenge-form:validity", "1");
    challenge.put("challenge-form:unit", "DAYS");
    challenge.put("challenge-form:make", "Make a challenge");
    challenge.put("jakarta.faces.ViewState", viewState);
    assertThat(
            ConsolePages.post("enrollment/challenge.xhtml?profile=" + oneTime, challenge, cookies)
                .statusCode())
        .isEqualTo(403);
    Map<String, String> delete = new LinkedHashMap<>();
    delete.put("delete", "delete");
    delete.put("delete:delete", "Delete profile");
    delete.put("jakarta.faces.ViewState", viewState);
    assertThat(ConsolePages.post("enrollment/edit.xhtml?id=" + basic, delete, cookies).statusCode())
        .isEqualTo(403);
    Map<String, String> secret = new LinkedHashMap<>();
    secret.put("manage", "manage");
    secret.put("manage:newSecret", "Make a new secret");
    secret.put("jakarta.faces.ViewState", viewState);
    assertThat(ConsolePages.post("enrollment/edit.xhtml?id=" + basic, secret, cookies).statusCode())
        .isEqualTo(403);

    assertThat(auditActions(oneTime)).doesNotContain("enrollment.challenge.create");
    assertThat(auditActions(basic)).doesNotContain("enrollment.profile.secret");
    assertThat(profile(basic).getBoolean("enabled")).isTrue();

    // In the browser, the forms themselves are out of reach too.
    browser.open("enrollment/edit.xhtml?id=" + basic);
    browser.screenshot("edit-forbidden");
    assertThat(browser.all(By.id("profile:save"))).isEmpty();
    assertThat(browser.find(By.tagName("h1")).getText()).contains("not for your role");
    browser.open("enrollment/challenge.xhtml?profile=" + oneTime);
    assertThat(browser.all(By.id("challenge-form:make"))).isEmpty();
  }

  @Test
  void operator_decidesRequestsThatWait_curlThenGetsTheApprovedCertificate(@TempDir Path work)
      throws Exception {
    CaFixture.Ca ca = CaFixture.newCa();
    String name = name("est");
    JsonObject created =
        EnrollmentProfilesIT.created(
            ca,
            Json.createObjectBuilder()
                .add("name", name)
                .add("protocol", "EST")
                .add("issuerId", ca.intermediateId())
                .add("templateId", ca.templateId())
                .add("authentication", "HTTP_BASIC")
                .add("username", "router")
                .add("manualApproval", true)
                .add("allowDes", false)
                .build()
                .toString());
    Est est = new Est(work, name, "router:" + created.getString("secret"));
    Path approved = est.csr("approve-me.example.com");
    Path rejected = est.csr("reject-me.example.com");
    assertThat(est.simpleEnroll(approved)).isEqualTo(202);
    assertThat(est.headers()).containsIgnoringCase("retry-after:");
    assertThat(est.simpleEnroll(rejected)).isEqualTo(202);
    browser.signInAs("operator");

    browser.open("enrollment/index.xhtml?repository=" + ca.repositoryId());
    browser.screenshot("pending");
    assertThat(browser.text("requests:pending")).contains("approve-me", "reject-me", "127.0.0.1");
    browser
        .find(By.xpath(row("reject-me.example.com") + "//input[contains(@id,'reason')]"))
        .sendKeys("unknown device");
    browser.submit(buttonIn(row("reject-me.example.com"), "reject"));
    browser.screenshot("rejected");
    assertThat(browser.messages()).contains("The request of CN=reject-me.example.com is rejected.");
    browser.submit(buttonIn(row("approve-me.example.com"), "approve"));
    browser.screenshot("approved");
    assertThat(browser.messages())
        .contains(
            "The request of CN=approve-me.example.com is approved and its certificate issued.");
    assertThat(browser.all(By.id("requests:pending"))).isEmpty();
    assertThat(browser.text("decided"))
        .contains("approve-me.example.com", "issued", "reject-me.example.com", "unknown device")
        .contains("operator");

    // The device asks again and gets what the operator decided.
    assertThat(est.simpleEnroll(approved)).isEqualTo(200);
    Stack.Run certificate =
        Api.run(
            List.of(
                "openssl", "pkcs7", "-in", est.body().toString(), "-inform", "DER", "-print_certs"),
            Map.of());
    assertThat(certificate.exitCode()).as("%s", certificate).isZero();
    assertThat(certificate.stdout()).contains("approve-me.example.com");
    assertThat(est.simpleEnroll(rejected)).isBetween(400, 499);

    browser.find(By.linkText("Show the certificate")).click();
    browser.screenshot("certificate");
    assertThat(browser.text("fields")).contains("approve-me.example.com");
  }

  /** A device speaking EST through curl, with HTTP Basic credentials. */
  private record Est(Path work, String label, String credentials) {
    /** A base64 DER PKCS#10 for the name, as RFC 7030 sends it; its file. */
    Path csr(String host) {
      String pem = CaFixture.csr("CN=" + host, CaFixture.dns(host));
      return CaFixture.write(
          work, host + ".b64", pem.replaceAll("-----[A-Z ]+-----", "").strip() + "\n");
    }

    /** POSTs the CSR to simpleenroll; the answer's HTTP status. */
    int simpleEnroll(Path csr) {
      Stack.Run curl =
          Api.run(
              List.of(
                  "curl",
                  "-sk",
                  "-u",
                  credentials,
                  "-H",
                  "Content-Type: application/pkcs10",
                  "--data-binary",
                  "@" + csr,
                  "-w",
                  "%{http_code}",
                  "-D",
                  work.resolve("headers").toString(),
                  "-o",
                  work.resolve("answer.b64").toString(),
                  EST + "/.well-known/est/" + label + "/simpleenroll"),
              Map.of());
      assertThat(curl.exitCode()).as("%s", curl).isZero();
      return Integer.parseInt(curl.stdout().strip());
    }

    /** The last answer's headers. */
    String headers() throws IOException {
      return Files.readString(work.resolve("headers"));
    }

    /** The last answer's body, decoded from base64: a certs-only PKCS#7 after a 200. */
    Path body() throws IOException {
      byte[] der = Base64.getMimeDecoder().decode(Files.readAllBytes(work.resolve("answer.b64")));
      return CaFixture.write(work, "answer.p7", der);
    }
  }

  /** The Faces id of the row's button whose own id is {@code button}. */
  private String buttonIn(String row, String button) {
    return browser
        .find(By.xpath(row + "//input[@type='submit' and contains(@id, ':" + button + "')]"))
        .getAttribute("id");
  }

  /** Fills the profile form the page shows: issuer, template and way of authenticating. */
  private void fillProfile(CaFixture.Ca ca, String name, String authentication) {
    browser.type("profile:name", name);
    new Select(browser.byId("profile:issuer")).selectByValue(ca.intermediateId());
    new Select(browser.byId("profile:template")).selectByValue(ca.templateId());
    browser
        .find(
            By.cssSelector("input[name='profile:authentication'][value='" + authentication + "']"))
        .click();
  }

  /** The table row that names {@code text}, as XPath. */
  private static String row(String text) {
    return "//tr[td[contains(normalize-space(.), '" + text + "')]]";
  }

  private static String name(String protocol) {
    return protocol + "-" + Api.suffix().toLowerCase(Locale.ROOT);
  }

  private static JsonObject profile(String id) {
    return Api.expect(Api.get(Clients.auditor(), "/enrollment-profiles/" + id), 200).json();
  }

  private static List<String> auditActions(String objectId) {
    return Api.expect(Api.get(Clients.auditor(), "/audit?objectId=" + objectId + "&limit=50"), 200)
        .array()
        .getValuesAs(JsonObject.class)
        .stream()
        .map(event -> event.getString("action"))
        .toList();
  }
}
