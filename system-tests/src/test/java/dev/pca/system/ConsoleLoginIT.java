package dev.pca.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A real browser signs in to the console through Keycloak's own login page, and out again. */
class ConsoleLoginIT {
  private static final String CONSOLE = Stack.WILDFLY + "/console/";
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  // Relative to the module directory, where failsafe runs the tests.
  private static final File SCREENSHOTS = new File("target/screenshots");

  private WebDriver browser;
  private WebDriverWait wait;
  private Path profile;
  private String testName;

  @BeforeEach
  void startBrowser(TestInfo test) throws IOException {
    testName = test.getTestMethod().orElseThrow().getName();
    // A driver found through the system property and an explicit browser binary keep Selenium
    // Manager from resolving (or downloading) anything.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);
    // A fresh profile per test: no cookie or SSO session may leak from one test into another.
    profile = Files.createTempDirectory("pca-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--window-size=1280,800",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Stack.TIMEOUT);
  }

  @AfterEach
  void quitBrowser() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      Stack.deleteRecursively(profile);
    }
  }

  @Test
  void console_adminSignsInThroughKeycloak_seesOwnNameAndOnlyAdminRole() {
    signIn("admin", Stack.secret("PCA_ADMIN_PASSWORD"));

    assertThat(text("user-name")).isEqualTo("admin");
    assertThat(text("user-full-name")).isEqualTo("Ada Admin");
    // The roles shown are the token's, not a blanket grant to everyone who signs in.
    assertThat(roles()).contains("pca-admin").doesNotContain("pca-operator");
  }

  @Test
  void console_operatorSignsIn_seesOperatorRoleButNotAdmin() {
    signIn("operator", Stack.secret("PCA_OPERATOR_PASSWORD"));

    assertThat(text("user-name")).isEqualTo("operator");
    assertThat(text("user-full-name")).isEqualTo("Otto Operator");
    assertThat(roles()).contains("pca-operator").doesNotContain("pca-admin");
  }

  @Test
  void console_auditorSignsIn_seesAuditorRoleOnly() {
    signIn("auditor", Stack.secret("PCA_AUDITOR_PASSWORD"));

    assertThat(text("user-name")).isEqualTo("auditor");
    assertThat(text("user-full-name")).isEqualTo("Aud Auditor");
    assertThat(roles()).containsExactly("pca-auditor");
  }

  @Test
  void console_logout_endsAppAndSsoSession_consoleAsksForLoginAgain() {
    signIn("operator", Stack.secret("PCA_OPERATOR_PASSWORD"));

    browser.findElement(By.id("logout")).click();
    awaitKeycloakLogin();
    screenshot("after-logout");

    // Had only the console session ended, Keycloak's SSO cookie would sign the browser straight
    // back in here without showing the form.
    browser.get(CONSOLE);
    awaitKeycloakLogin();
    screenshot("console-after-logout");
    assertThat(browser.findElements(By.id("user-name"))).isEmpty();
    assertThat(browser.getCurrentUrl()).contains("/realms/" + Stack.REALM + "/");
  }

  private void signIn(String username, String password) {
    browser.get(CONSOLE);
    awaitKeycloakLogin();
    screenshot("keycloak-login");
    // The console must not be reachable anonymously: the browser lands on the pca realm's page.
    assertThat(browser.getCurrentUrl()).contains("/realms/" + Stack.REALM + "/");

    WebElement user = browser.findElement(By.id("username"));
    user.clear();
    user.sendKeys(username);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("kc-login")).click();

    wait.withMessage("the console after signing in as " + username)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("user-name")));
    screenshot("console");
    assertThat(browser.getCurrentUrl()).startsWith(Stack.WILDFLY + "/console");
  }

  private void awaitKeycloakLogin() {
    wait.withMessage("Keycloak's login form")
        .until(
            ExpectedConditions.and(
                ExpectedConditions.visibilityOfElementLocated(By.id("username")),
                ExpectedConditions.visibilityOfElementLocated(By.id("password")),
                ExpectedConditions.elementToBeClickable(By.id("kc-login"))));
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText().strip();
  }

  private List<String> roles() {
    return browser.findElements(By.cssSelector("#user-roles li")).stream()
        .map(item -> item.getText().strip())
        .toList();
  }

  private void screenshot(String step) {
    if (!SCREENSHOTS.isDirectory() && !SCREENSHOTS.mkdirs()) {
      throw new IllegalStateException("cannot create " + SCREENSHOTS.getAbsolutePath());
    }
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    try {
      Files.copy(
          shot.toPath(),
          new File(SCREENSHOTS, testName + "-" + step + ".png").toPath(),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      shot.delete();
    }
  }
}
