package dev.pca.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;

/** A real browser signs in to the console through Keycloak's own login page, and out again. */
class ConsoleLoginIT {
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
  void console_adminSignsInThroughKeycloak_seesOwnNameAndOnlyAdminRole() {
    signIn("admin", Stack.secret("PCA_ADMIN_PASSWORD"));

    assertThat(browser.text("user-name")).isEqualTo("admin");
    assertThat(browser.text("user-full-name")).isEqualTo("Ada Admin");
    // The roles shown are the token's, not a blanket grant to everyone who signs in.
    assertThat(roles()).contains("pca-admin").doesNotContain("pca-operator");
  }

  @Test
  void console_operatorSignsIn_seesOperatorRoleButNotAdmin() {
    signIn("operator", Stack.secret("PCA_OPERATOR_PASSWORD"));

    assertThat(browser.text("user-name")).isEqualTo("operator");
    assertThat(browser.text("user-full-name")).isEqualTo("Otto Operator");
    assertThat(roles()).contains("pca-operator").doesNotContain("pca-admin");
  }

  @Test
  void console_auditorSignsIn_seesAuditorRoleOnly() {
    signIn("auditor", Stack.secret("PCA_AUDITOR_PASSWORD"));

    assertThat(browser.text("user-name")).isEqualTo("auditor");
    assertThat(browser.text("user-full-name")).isEqualTo("Aud Auditor");
    assertThat(roles()).containsExactly("pca-auditor");
  }

  @Test
  void console_logout_endsAppAndSsoSession_consoleAsksForLoginAgain() {
    signIn("operator", Stack.secret("PCA_OPERATOR_PASSWORD"));

    browser.byId("logout").click();
    browser.awaitKeycloakLogin();
    browser.screenshot("after-logout");

    // Had only the console session ended, Keycloak's SSO cookie would sign the browser straight
    // back in here without showing the form.
    browser.driver().get(Browser.CONSOLE);
    browser.awaitKeycloakLogin();
    browser.screenshot("console-after-logout");
    assertThat(browser.all(By.id("user-name"))).isEmpty();
    assertThat(browser.url()).contains("/realms/" + Stack.REALM + "/");
  }

  private void signIn(String username, String password) {
    // The console must not be reachable anonymously: the browser lands on the pca realm's page.
    browser.driver().get(Browser.CONSOLE);
    browser.awaitKeycloakLogin();
    assertThat(browser.url()).contains("/realms/" + Stack.REALM + "/");

    browser.signIn(username, password);
    assertThat(browser.url()).startsWith(Stack.WILDFLY + "/console");
  }

  private List<String> roles() {
    return browser.all(By.cssSelector("#user-roles li")).stream()
        .map(item -> item.getText().strip())
        .toList();
  }
}
