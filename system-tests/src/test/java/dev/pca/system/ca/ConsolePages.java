package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Browser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/** Steps through the console's pages that more than one console test takes. */
final class ConsolePages {
  private static final Pattern ID = Pattern.compile("[?&](?:id|repository)=([0-9a-f-]{36})");

  private ConsolePages() {}

  /** A repository with CRLs every 12 hours and OCSP answers valid for 30 minutes; its id. */
  static String createRepository(Browser browser, String name) {
    browser.open("repositories/index.xhtml");
    browser.screenshot("repositories");
    browser.byId("new-repository").click();
    browser.screenshot("repository-new");
    browser.type("repository:name", name);
    browser.type("repository:crlPeriod", "12");
    new Select(browser.byId("repository:crlUnit")).selectByValue("HOURS");
    browser.type("repository:ocspValidity", "30");
    new Select(browser.byId("repository:ocspUnit")).selectByValue("MINUTES");
    browser.submit("repository:save");
    browser.screenshot("repository-created");
    assertThat(browser.messages()).contains("Repository " + name + " created.");
    return idIn(browser.url());
  }

  /** An EC P-256 root of ten years with path length 1, subject CN={label},O=PCA; its id. */
  static String createRoot(Browser browser, String repository, String label) {
    browser.open("issuers/index.xhtml?repository=" + repository);
    browser.byId("new-root").click();
    browser.screenshot("root-new");
    browser.type("issuer:label", label);
    browser.type("issuer:subject", "CN=" + label + ",O=PCA");
    new Select(browser.byId("issuer:keySpec")).selectByValue("EC_P256");
    browser.type("issuer:validityDays", "3650");
    browser.type("issuer:pathLength", "1");
    browser.submit("issuer:create");
    browser.screenshot("root-created");
    assertThat(browser.messages()).contains("Issuer " + label + " created.");
    return idIn(browser.url());
  }

  /** An EC P-256 intermediate of five years with path length 0 under {@code root}; its id. */
  static String createIntermediate(Browser browser, String repository, String root, String label) {
    browser.open("issuers/index.xhtml?repository=" + repository);
    browser.byId("new-intermediate").click();
    browser.screenshot("intermediate-new");
    new Select(browser.byId("issuer:parent")).selectByValue(root);
    browser.type("issuer:label", label);
    browser.type("issuer:subject", "CN=" + label + ",O=PCA");
    browser.type("issuer:validityDays", "1825");
    browser.type("issuer:pathLength", "0");
    browser.submit("issuer:create");
    browser.screenshot("intermediate-created");
    assertThat(browser.messages()).contains("Issuer " + label + " created.");
    return idIn(browser.url());
  }

  /**
   * A template through the form: 90 days, EC 256 or RSA 2048, names under {@code dnsSuffix}, CN and
   * O from the CSR, TLS server and client. Lands on the templates list, or stays on the form with
   * the refusal when the template breaks a rule.
   */
  static void fillTemplate(Browser browser, String repository, String name, String dnsSuffix) {
    browser.open("templates/index.xhtml?repository=" + repository);
    browser.screenshot("templates");
    browser.byId("new-template").click();
    browser.type("template:name", name);
    browser.type("template:maxValidityDays", "90");
    browser.type("template:allowedKeys", "EC 256\nRSA 2048");
    browser.type("template:dnsSuffixes", dnsSuffix);
    browser.type("template:maxSans", "5");
    browser.type("template:csrSubjectFields", "CN, O");
    browser
        .find(By.cssSelector("input[name='template:extendedKeyUsage'][value='TLS_CLIENT']"))
        .click();
    browser.screenshot("template-new");
    browser.submit("template:save");
  }

  /** Issues from a pasted CSR on the console's form; lands on the certificate, or stays refused. */
  static void issueFromCsr(
      Browser browser, String repository, String issuer, String template, String csr) {
    browser.open("certificates/index.xhtml?repository=" + repository);
    browser.byId("issue-csr").click();
    new Select(browser.byId("issue:issuer")).selectByValue(issuer);
    new Select(browser.byId("issue:template")).selectByValue(template);
    browser.type("issue:csr", csr);
    browser.screenshot("issue-csr");
    browser.submit("issue:issueCsr");
  }

  /**
   * A form post to a console page outside the browser, with the browser's cookies: what a replayed
   * or forged request looks like to the server.
   */
  static HttpResponse<String> post(String consolePath, Map<String, String> form, String cookies) {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (name, value) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(Api.query(name))
                .append('=')
                .append(Api.query(value)));
    return Api.send(
        Api.request(Browser.CONSOLE + consolePath)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", cookies)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The id a console URL names in its id or repository parameter. */
  static String idIn(String url) {
    Matcher id = ID.matcher(url);
    assertThat(id.find()).as("an id in %s", url).isTrue();
    return id.group(1);
  }
}
