package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Browser;
import dev.pca.system.Stack;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * An administrator sets up a CA in the console alone: a repository, a root, an intermediate and a
 * template, each read back through the REST API to show that the console made what it said.
 */
@ExtendWith(Clients.class)
class ConsoleAdminIT {
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
  void admin_createsRepositoryRootIntermediate_allAsAsked() {
    browser.signInAs("admin");
    String suffix = Api.suffix();

    String repository = ConsolePages.createRepository(browser, "console-" + suffix);
    JsonObject stored =
        Api.expect(Api.get(Clients.auditor(), "/repositories/" + repository), 200).json();
    assertThat(stored.getString("name")).isEqualTo("console-" + suffix);
    assertThat(stored.getBoolean("crlEnabled")).isTrue();
    assertThat(stored.getJsonNumber("crlPeriodSeconds").longValue()).isEqualTo(12 * 3600);
    assertThat(stored.getJsonNumber("ocspValiditySeconds").longValue()).isEqualTo(30 * 60);

    String root = ConsolePages.createRoot(browser, repository, "console-root-" + suffix);
    assertThat(browser.text("issuer-status")).isEqualTo("enabled");
    JsonObject rootView = CaFixture.issuer(root);
    assertThat(rootView.getBoolean("root")).isTrue();
    assertThat(rootView.getString("subject")).contains("CN=console-root-" + suffix, "O=PCA");
    assertThat(rootView.getInt("pathLength")).isEqualTo(1);

    String intermediate =
        ConsolePages.createIntermediate(browser, repository, root, "console-sub-" + suffix);
    JsonObject subView = CaFixture.issuer(intermediate);
    assertThat(subView.getBoolean("root")).isFalse();
    assertThat(subView.getString("parentId")).isEqualTo(root);
    assertThat(subView.getInt("pathLength")).isZero();
    // The detail page shows the chain up to the root, intermediate first.
    List<String> chain =
        browser.all(By.cssSelector("#chain li")).stream().map(li -> li.getText()).toList();
    assertThat(chain).hasSize(2);
    assertThat(chain.get(0)).contains("CN=console-sub-" + suffix);
    assertThat(chain.get(1)).contains("CN=console-root-" + suffix);

    // The issuers list shows the intermediate under its root.
    browser.open("issuers/index.xhtml?repository=" + repository);
    browser.screenshot("issuers");
    assertThat(browser.text("issuers")).contains("console-root-" + suffix, "console-sub-" + suffix);

    ConsolePages.fillTemplate(browser, repository, "console-tls-" + suffix, "example.com");
    browser.screenshot("template-created");
    assertThat(browser.messages()).contains("Template console-tls-" + suffix + " created.");
    JsonObject template =
        Api.expect(Api.get(Clients.auditor(), "/repositories/" + repository + "/templates"), 200)
            .array()
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(t -> t.getString("name").equals("console-tls-" + suffix))
            .findFirst()
            .orElseThrow();
    JsonObject limits = template.getJsonObject("spec").getJsonObject("limits");
    assertThat(limits.getString("maxValidity")).isEqualTo("PT2160H");
    assertThat(limits.getJsonArray("dnsSuffixes").getString(0)).isEqualTo("example.com");
    assertThat(limits.getInt("maxSans")).isEqualTo(5);
    assertThat(
            template
                .getJsonObject("spec")
                .getJsonObject("settings")
                .getJsonArray("extendedKeyUsage"))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("\"TLS_SERVER\"", "\"TLS_CLIENT\"");

    // The dashboard of the new repository counts what was made.
    browser.open("index.xhtml?repository=" + repository);
    browser.screenshot("dashboard");
    assertThat(browser.find(By.cssSelector("#count-issuers .count")).getText()).isEqualTo("2");
    assertThat(browser.find(By.cssSelector("#count-templates .count")).getText()).isEqualTo("1");
    assertThat(browser.text("health")).contains("console-sub-" + suffix);
  }

  @Test
  void admin_importsPkcs12RootAndPemIntermediate_madeByOpenssl(@TempDir Path work)
      throws Exception {
    String suffix = Api.suffix();
    String dir = work + "/";
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", dir + "root.key");
    openssl(
        "req",
        "-x509",
        "-new",
        "-key",
        dir + "root.key",
        "-subj",
        "/CN=Console Imported Root " + suffix,
        "-days",
        "3650",
        "-addext",
        "basicConstraints=critical,CA:TRUE,pathlen:1",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-out",
        dir + "root.pem");
    openssl(
        "pkcs12",
        "-export",
        "-in",
        dir + "root.pem",
        "-inkey",
        dir + "root.key",
        "-passout",
        "pass:import-secret",
        "-out",
        dir + "root.p12");
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", dir + "int.key");
    openssl(
        "req",
        "-new",
        "-key",
        dir + "int.key",
        "-subj",
        "/CN=Console Imported Intermediate " + suffix,
        "-out",
        dir + "int.csr");
    Files.writeString(
        work.resolve("int.ext"),
        "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n"
            + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
    openssl(
        "x509",
        "-req",
        "-in",
        dir + "int.csr",
        "-CA",
        dir + "root.pem",
        "-CAkey",
        dir + "root.key",
        "-CAcreateserial",
        "-days",
        "1800",
        "-extfile",
        dir + "int.ext",
        "-out",
        dir + "int.pem");
    openssl("pkcs8", "-topk8", "-nocrypt", "-in", dir + "int.key", "-out", dir + "int.pk8");
    String repository = CaFixture.repository().getString("id");
    browser.signInAs("admin");

    browser.open("issuers/index.xhtml?repository=" + repository);
    browser.submit("import-issuer");
    browser.type("import:label", "console-imp-root-" + suffix);
    browser.byId("import:pkcs12").sendKeys(dir + "root.p12");
    browser.type("import:password", "import-secret");
    browser.screenshot("import-pkcs12");
    browser.submit("import:import");
    browser.screenshot("imported-root");
    assertThat(browser.messages()).contains("Issuer console-imp-root-" + suffix + " imported.");
    String root = ConsolePages.idIn(browser.url());
    assertThat(CaFixture.issuer(root).getString("subject")).contains("Console Imported Root");

    browser.open("issuers/index.xhtml?repository=" + repository);
    browser.submit("import-issuer");
    browser.type("import:label", "console-imp-sub-" + suffix);
    new Select(browser.byId("import:parent")).selectByValue(root);
    browser.type("import:certificate", Files.readString(work.resolve("int.pem")));
    browser.type("import:privateKey", Files.readString(work.resolve("int.pk8")));
    browser.screenshot("import-pem");
    browser.submit("import:import");
    assertThat(browser.messages()).contains("Issuer console-imp-sub-" + suffix + " imported.");
    JsonObject intermediate = CaFixture.issuer(ConsolePages.idIn(browser.url()));
    assertThat(intermediate.getString("parentId")).isEqualTo(root);
  }

  private static void openssl(String... arguments) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    Stack.Run run = Api.run(command, Map.of());
    assertThat(run.exitCode()).as("%s", run).isZero();
  }

  @Test
  void admin_disablesAndEnablesIssuer_setsQuota_changesRepositorySettings() {
    CaFixture.Ca ca = CaFixture.newCa();
    browser.signInAs("admin");

    browser.open("issuers/view.xhtml?id=" + ca.intermediateId());
    browser.screenshot("issuer");
    browser.submit("manage:disable");
    browser.screenshot("issuer-disabled");
    assertThat(browser.text("issuer-status")).isEqualTo("disabled");
    assertThat(CaFixture.issuer(ca.intermediateId()).getBoolean("enabled")).isFalse();

    browser.submit("manage:enable");
    assertThat(browser.text("issuer-status")).isEqualTo("enabled");
    assertThat(CaFixture.issuer(ca.intermediateId()).getBoolean("enabled")).isTrue();

    browser.type("manage:quota", "5");
    browser.submit("manage:saveQuota");
    assertThat(browser.text("issuer-quota")).isEqualTo("5");
    assertThat(CaFixture.issuer(ca.intermediateId()).getInt("quotaRemaining")).isEqualTo(5);

    browser.open("repositories/edit.xhtml?id=" + ca.repositoryId());
    browser.screenshot("repository-settings");
    browser.byId("repository:crlEnabled").click();
    browser.type("repository:ocspValidity", "2");
    new Select(browser.byId("repository:ocspUnit")).selectByValue("HOURS");
    browser.submit("repository:save");
    JsonObject settings =
        Api.expect(Api.get(Clients.auditor(), "/repositories/" + ca.repositoryId()), 200).json();
    assertThat(settings.getBoolean("crlEnabled")).isFalse();
    assertThat(settings.getJsonNumber("ocspValiditySeconds").longValue()).isEqualTo(7200);
  }
}
