package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Browser;
import dev.pca.system.Stack;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
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
 * An operator's daily work in the console: a certificate issued from an openssl CSR, downloaded in
 * every format and verified by openssl against the chain, found by search, and revoked, with the
 * confirmation that revocation cannot be undone; and a certificate for a key the server makes,
 * whose PKCS#12 is handed over once.
 */
@ExtendWith(Clients.class)
class ConsoleOperatorIT {
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
  void operator_issuesFromCsr_downloadsWhatOpensslVerifies_findsAndRevokesIt(@TempDir Path work)
      throws Exception {
    CaFixture.Ca ca = CaFixture.newCa();
    String csr = CaFixture.opensslCsr(work);
    browser.signInAs("operator");

    ConsolePages.issueFromCsr(
        browser, ca.repositoryId(), ca.intermediateId(), ca.templateId(), csr);
    browser.screenshot("certificate");
    String id = ConsolePages.idIn(browser.url());
    assertThat(browser.text("certificate-status")).isEqualTo("valid");
    assertThat(browser.text("fields")).contains("DNS:a.example.com, DNS:b.example.com");

    // Every download, through the browser's own download of the links.
    browser.byId("download-pem").click();
    Path pem = browser.download(".pem");
    browser.byId("download-chain").click();
    Path chain = browser.download(".chain.pem");
    browser.byId("download-der").click();
    Path der = browser.download(".cer");
    browser.byId("download-pkcs7").click();
    Path pkcs7 = browser.download(".p7b");

    // The trust anchor comes from the API, not from the download under test.
    Path root =
        CaFixture.write(
            work,
            "root.pem",
            new String(
                Api.download(Clients.auditor(), "/issuers/" + ca.rootId() + "/certificate", Api.PEM)
                    .body(),
                StandardCharsets.US_ASCII));
    Stack.Run verify =
        Api.run(
            List.of(
                "openssl",
                "verify",
                "-CAfile",
                root.toString(),
                "-untrusted",
                chain.toString(),
                pem.toString()),
            Map.of());
    assertThat(verify.exitCode()).as("%s", verify).isZero();
    assertThat(verify.stdout()).contains(": OK");

    X509Certificate leaf = CaFixture.certificate(Files.readString(pem));
    assertThat(CaFixture.certificates(Files.readAllBytes(der))).containsExactly(leaf);
    assertThat(CaFixture.certificates(Files.readString(chain))).hasSize(3).first().isEqualTo(leaf);
    Stack.Run p7 =
        Api.run(
            List.of("openssl", "pkcs7", "-inform", "DER", "-in", pkcs7.toString(), "-print_certs"),
            Map.of());
    assertThat(p7.exitCode()).as("%s", p7).isZero();
    assertThat(p7.stdout()).contains("a.example.com");

    // Found by SAN among the repository's certificates, paged on the server.
    browser.open("certificates/index.xhtml?repository=" + ca.repositoryId());
    browser.type("search:q", "b.example.com");
    new Select(browser.byId("search:status")).selectByValue("VALID");
    browser.submit("search:go");
    browser.screenshot("search");
    assertThat(browser.text("total")).endsWith("1");
    browser.find(By.cssSelector("#certificates a")).click();

    // Revocation asks for the confirmation that it cannot be undone.
    browser.byId("revoke-link").click();
    browser.screenshot("revoke");
    // Another site can make the browser post this form, but cannot know its view state: the
    // post is sent back to the page and nothing is done.
    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("revoke", "revoke");
    forged.put("revoke:reason", "KEY_COMPROMISE");
    forged.put("revoke:confirm", "on");
    forged.put("revoke:submit", "Revoke");
    forged.put("jakarta.faces.ViewState", "-1234567890:987654321");
    HttpResponse<String> refused =
        ConsolePages.post("certificates/revoke.xhtml?id=" + id, forged, browser.cookieHeader());
    assertThat(refused.statusCode()).isEqualTo(302);
    assertThat(refused.headers().firstValue("Location").orElse(""))
        .contains("/console/certificates/revoke.xhtml?id=" + id);
    assertThat(status(id).getString("status")).isEqualTo("VALID");
    assertThat(browser.text("irreversible")).contains("cannot be undone");
    new Select(browser.byId("revoke:reason")).selectByValue("KEY_COMPROMISE");
    browser.submit("revoke:submit");
    browser.screenshot("revoke-unconfirmed");
    assertThat(browser.messages()).anyMatch(m -> m.contains("cannot be undone"));
    assertThat(status(id).getString("status")).isEqualTo("VALID");

    new Select(browser.byId("revoke:reason")).selectByValue("KEY_COMPROMISE");
    browser.byId("revoke:confirm").click();
    browser.submit("revoke:submit");
    browser.screenshot("revoked");
    assertThat(browser.text("certificate-status")).isEqualTo("revoked");
    JsonObject revoked = status(id);
    assertThat(revoked.getString("status")).isEqualTo("REVOKED");
    assertThat(revoked.getString("revocationReason")).isEqualTo("KEY_COMPROMISE");
    assertThat(browser.text("history")).contains("REVOKE", "operator");
    assertThat(browser.all(By.id("revoke-link"))).isEmpty();

    // The dashboard of the repository counts it as revoked, and as issued this week; the other
    // certificate of the repository is the intermediate's own, which its root issued.
    browser.open("index.xhtml?repository=" + ca.repositoryId());
    browser.screenshot("dashboard");
    assertThat(count("count-valid")).isEqualTo("1");
    assertThat(count("count-revoked")).isEqualTo("1");
    List<String> issuance =
        browser.all(By.cssSelector("#chart-issuance .value")).stream()
            .map(v -> v.getText())
            .toList();
    assertThat(issuance).hasSize(13).last().isEqualTo("2");
  }

  private String count(String id) {
    return browser.find(By.cssSelector("#" + id + " .count")).getText();
  }

  @Test
  void operator_holdsAndReleases_withoutConfirmation() {
    CaFixture.Ca ca = CaFixture.newCa();
    String id =
        CaFixture.issued(ca, CaFixture.csr("CN=h.example.com", CaFixture.dns("h.example.com")))
            .getJsonObject("certificate")
            .getString("id");
    browser.signInAs("operator");

    browser.open("certificates/revoke.xhtml?id=" + id);
    new Select(browser.byId("revoke:reason")).selectByValue("CERTIFICATE_HOLD");
    browser.submit("revoke:submit");
    assertThat(browser.text("certificate-status")).isEqualTo("on hold");
    assertThat(status(id).getString("status")).isEqualTo("ON_HOLD");

    browser.byId("revoke-link").click();
    browser.screenshot("release");
    browser.submit("release:release");
    assertThat(browser.text("certificate-status")).isEqualTo("valid");
    assertThat(status(id).getString("status")).isEqualTo("VALID");
  }

  @Test
  void operator_issuesWithServerKey_getsPkcs12Once_thatOpensslOpens() throws Exception {
    CaFixture.Ca ca = CaFixture.newCa();
    browser.signInAs("operator");

    browser.open("certificates/index.xhtml?repository=" + ca.repositoryId());
    browser.byId("issue-keygen").click();
    new Select(browser.byId("issue:issuer")).selectByValue(ca.intermediateId());
    new Select(browser.byId("issue:template")).selectByValue(ca.templateId());
    browser.type("issue:subject", "CN=k.example.com");
    browser.type("issue:sans", "DNS:k.example.com");
    browser.type("issue:password", "console-secret-1");
    browser.type("issue:passwordAgain", "console-secret-1");
    browser.screenshot("keygen");
    browser.submit("issue:issueKey");
    browser.screenshot("keygen-issued");
    assertThat(browser.text("pkcs12-ready")).contains("once");

    browser.byId("pkcs12:download").click();
    Path p12 = browser.download(".p12");
    Stack.Run opened =
        Api.run(
            List.of(
                "openssl",
                "pkcs12",
                "-in",
                p12.toString(),
                "-passin",
                "pass:console-secret-1",
                "-nodes"),
            Map.of());
    assertThat(opened.exitCode()).as("%s", opened).isZero();
    assertThat(opened.stdout()).contains("BEGIN PRIVATE KEY", "k.example.com");

    // The page handed it over; asked again, it has nothing left to give.
    browser.submit("pkcs12:download");
    assertThat(browser.messages()).anyMatch(m -> m.contains("downloaded already"));
  }

  private static JsonObject status(String id) {
    return Api.expect(Api.get(Clients.auditor(), "/certificates/" + id), 200).json();
  }
}
