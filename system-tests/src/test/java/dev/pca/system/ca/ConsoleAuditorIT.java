package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Browser;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * An auditor reads everything, the audit log included, and verifies its chain, but is offered no
 * way to issue or revoke; and when the auditor's own signed-in session sends those forms anyway, or
 * calls the API, the server refuses and nothing changes.
 */
@ExtendWith(Clients.class)
class ConsoleAuditorIT {
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
  void auditor_readsAuditLogAndVerifiesIt_isOfferedNoIssueOrRevoke() {
    CaFixture.Ca ca = CaFixture.newCa();
    String id = issue(ca);
    browser.signInAs("auditor");

    browser.open("audit/index.xhtml");
    browser.screenshot("audit");
    browser.type("filter:action", "certificate.issue");
    browser.type("filter:objectId", id);
    browser.submit("filter:go");
    browser.screenshot("audit-filtered");
    assertThat(browser.all(By.cssSelector("#events tbody tr"))).hasSize(1);
    assertThat(browser.text("events")).contains("certificate.issue", id, "SUCCESS");

    browser.submit("verify:verify");
    browser.screenshot("audit-verified");
    assertThat(browser.messages()).anyMatch(m -> m.startsWith("The audit log is intact"));

    // Every page is readable, and none offers what the auditor may not do.
    browser.open("certificates/index.xhtml?repository=" + ca.repositoryId());
    browser.screenshot("certificates");
    assertThat(browser.text("certificates")).contains("a.example.com");
    assertThat(browser.all(By.id("issue-csr"))).isEmpty();
    assertThat(browser.all(By.id("issue-keygen"))).isEmpty();
    browser.open("certificates/view.xhtml?id=" + id);
    browser.screenshot("certificate");
    assertThat(browser.text("certificate-status")).isEqualTo("valid");
    assertThat(browser.all(By.id("revoke-link"))).isEmpty();
    browser.open("issuers/view.xhtml?id=" + ca.intermediateId());
    assertThat(browser.all(By.id("manage:disable"))).isEmpty();
    browser.open("repositories/index.xhtml");
    assertThat(browser.all(By.id("new-repository"))).isEmpty();
    browser.open("templates/index.xhtml?repository=" + ca.repositoryId());
    assertThat(browser.all(By.id("new-template"))).isEmpty();
  }

  @Test
  void auditor_postsIssueAndRevokeDirectly_isRefusedAndNothingChanges() {
    CaFixture.Ca ca = CaFixture.newCa();
    String id = issue(ca);
    long issued = CaFixture.certificateTotal(ca.intermediateId());
    browser.signInAs("auditor");
    // A view state the auditor's session really holds, from a form the auditor may use.
    browser.open("audit/index.xhtml");
    String viewState = browser.find(By.name("jakarta.faces.ViewState")).getAttribute("value");
    String cookies = browser.cookieHeader();
    // The session and its view state work: the form the auditor may use is accepted.
    Map<String, String> verify = new LinkedHashMap<>();
    verify.put("verify", "verify");
    verify.put("verify:verify", "Verify the hash chain");
    verify.put("jakarta.faces.ViewState", viewState);
    HttpResponse<String> verified = ConsolePages.post("audit/index.xhtml", verify, cookies);
    assertThat(verified.statusCode()).isEqualTo(200);
    assertThat(verified.body()).contains("The audit log is intact");

    // The operator's forms, as the browser would send them, from the auditor's session.
    Map<String, String> revoke = new LinkedHashMap<>();
    revoke.put("revoke", "revoke");
    revoke.put("revoke:reason", "KEY_COMPROMISE");
    revoke.put("revoke:confirm", "on");
    revoke.put("revoke:submit", "Revoke");
    revoke.put("jakarta.faces.ViewState", viewState);
    assertThat(
            ConsolePages.post("certificates/revoke.xhtml?id=" + id, revoke, cookies).statusCode())
        .isEqualTo(403);

    Map<String, String> issue = new LinkedHashMap<>();
    issue.put("issue", "issue");
    issue.put("issue:issuer", ca.intermediateId());
    issue.put("issue:template", ca.templateId());
    issue.put("issue:csr", CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")));
    issue.put("issue:issueCsr", "Issue");
    issue.put("jakarta.faces.ViewState", viewState);
    assertThat(
            ConsolePages.post(
                    "certificates/issue.xhtml?repository=" + ca.repositoryId(), issue, cookies)
                .statusCode())
        .isEqualTo(403);

    // The same through the API, with an auditor's token.
    Api.expectProblem(
        Api.post(
            Clients.auditor(),
            "/certificates/" + id + "/revoke",
            "{\"reason\":\"KEY_COMPROMISE\"}"),
        403);
    Api.expectProblem(
        Api.post(
            Clients.auditor(),
            "/issuers/" + ca.intermediateId() + "/certificates",
            CaFixture.issueBody(
                ca.templateId(),
                CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")),
                null)),
        403);

    assertThat(
            Api.expect(Api.get(Clients.auditor(), "/certificates/" + id), 200)
                .json()
                .getString("status"))
        .isEqualTo("VALID");
    assertThat(CaFixture.certificateTotal(ca.intermediateId())).isEqualTo(issued);

    // In the browser, the forms themselves are out of reach too.
    browser.open("certificates/revoke.xhtml?id=" + id);
    browser.screenshot("revoke-forbidden");
    assertThat(browser.all(By.id("revoke:submit"))).isEmpty();
    assertThat(browser.find(By.tagName("h1")).getText()).contains("not for your role");
  }

  private static String issue(CaFixture.Ca ca) {
    return CaFixture.issued(ca, CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")))
        .getJsonObject("certificate")
        .getString("id");
  }
}
