package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Browser;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Rules broken in the console are named on the page and change nothing: a template whose own limits
 * are wrong is not saved, and a CSR that breaks a template's limit is not signed.
 */
@ExtendWith(Clients.class)
class ConsoleTemplateViolationIT {
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
  void template_withBadSuffixAndCaKeyUsage_showsEachRule_andIsNotCreated() {
    String repository = CaFixture.repository().getString("id");
    String name = "console-bad-" + Api.suffix();
    browser.signInAs("operator");

    browser.open("templates/index.xhtml?repository=" + repository);
    browser.byId("new-template").click();
    browser.type("template:name", name);
    browser.type("template:dnsSuffixes", "exa mple.com");
    browser.find(By.cssSelector("input[name='template:keyUsage'][value='KEY_CERT_SIGN']")).click();
    browser.submit("template:save");
    browser.screenshot("template-refused");

    assertThat(browser.messages())
        .anyMatch(m -> m.startsWith("TEMPLATE") && m.contains("limits.dnsSuffixes[0]"))
        .anyMatch(m -> m.startsWith("TEMPLATE") && m.contains("settings.keyUsage"));
    assertThat(browser.url()).contains("templates/edit.xhtml");
    assertThat(
            Api.expect(
                    Api.get(Clients.auditor(), "/repositories/" + repository + "/templates"), 200)
                .array())
        .noneMatch(t -> ((JsonObject) t).getString("name").equals(name));
  }

  @Test
  void csr_withNameOutsideTemplate_showsDnsNameRule_andIssuesNothing() {
    CaFixture.Ca ca = CaFixture.newCa();
    long before = CaFixture.certificateTotal(ca.intermediateId());
    String csr = CaFixture.csr("CN=evil.org", CaFixture.dns("evil.org"));
    browser.signInAs("operator");

    ConsolePages.issueFromCsr(
        browser, ca.repositoryId(), ca.intermediateId(), ca.templateId(), csr);
    browser.screenshot("issue-refused");

    assertThat(browser.messages())
        .anyMatch(m -> m.startsWith("Refused by the template"))
        .anyMatch(m -> m.startsWith("DNS_NAME") && m.contains("evil.org"));
    assertThat(browser.url()).contains("certificates/issue.xhtml");
    assertThat(CaFixture.certificateTotal(ca.intermediateId())).isEqualTo(before);
  }
}
