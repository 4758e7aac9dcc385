package dev.pca.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through Debian's chromedriver, the way every console test uses
 * it: a fresh profile (no cookie or SSO session leaks between tests), a 1280x800 window, sign-in
 * through Keycloak's own login page, downloads into a directory of its own, and screenshots under
 * {@code target/screenshots}.
 */
public final class Browser implements AutoCloseable {
  public static final String CONSOLE = Stack.WILDFLY + "/console/";
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  // Relative to the module directory, where failsafe runs the tests.
  private static final File SCREENSHOTS = new File("target/screenshots");

  private final WebDriver driver;
  private final WebDriverWait wait;
  private final Path profile;
  private final Path downloads;
  private final String testName;

  private Browser(String testName) throws IOException {
    this.testName = testName;
    // A driver found through the system property and an explicit browser binary keep Selenium
    // Manager from resolving (or downloading) anything.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);
    profile = Files.createTempDirectory("pca-chromium-");
    downloads = Files.createDirectories(profile.resolve("downloads"));
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
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory", downloads.toString(),
            "download.prompt_for_download", false,
            "safebrowsing.enabled", false));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
    WebDriver started;
    try {
      started = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      Stack.deleteRecursively(profile);
      throw e;
    }
    driver = started;
    wait = new WebDriverWait(driver, Stack.TIMEOUT);
  }

  /** A new browser; {@code testName} prefixes its screenshots. */
  public static Browser start(String testName) {
    try {
      return new Browser(testName);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** The browser's wait, failing with {@code what} in its message. */
  public FluentWait<WebDriver> await(String what) {
    return wait.withMessage(what);
  }

  /** Opens the console, signs in on Keycloak's page and waits for the console to show the user. */
  public void signIn(String username, String password) {
    driver.get(CONSOLE);
    awaitKeycloakLogin();
    screenshot("keycloak-login");
    WebElement user = driver.findElement(By.id("username"));
    user.clear();
    user.sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("kc-login")).click();
    await("the console after signing in as " + username)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("user-name")));
    screenshot("console");
  }

  /** Signs in as one of the quick-start users: admin, operator or auditor. */
  public void signInAs(String username) {
    signIn(username, Stack.secret("PCA_" + username.toUpperCase() + "_PASSWORD"));
  }

  public void awaitKeycloakLogin() {
    await("Keycloak's login form")
        .until(
            ExpectedConditions.and(
                ExpectedConditions.visibilityOfElementLocated(By.id("username")),
                ExpectedConditions.visibilityOfElementLocated(By.id("password")),
                ExpectedConditions.elementToBeClickable(By.id("kc-login"))));
  }

  /** Opens a console page, e.g. "issuers/index.xhtml?repository=...", relative to /console/. */
  public void open(String consolePath) {
    driver.get(CONSOLE + consolePath);
  }

  public String url() {
    return driver.getCurrentUrl();
  }

  public WebElement find(By by) {
    return driver.findElement(by);
  }

  public List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  /**
   * The element with this id (Faces ids contain ':', which CSS would need escaped), waiting for it
   * while a page that a click asked for is still loading.
   */
  public WebElement byId(String id) {
    return await("element " + id).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
  }

  public String text(String id) {
    return byId(id).getText().strip();
  }

  /** Replaces a text field's content. */
  public void type(String id, String text) {
    WebElement field = byId(id);
    field.clear();
    field.sendKeys(text);
  }

  /** Clicks a button that loads a new page and waits until the old one is gone. */
  public void submit(String buttonId) {
    for (int attempt = 1; ; attempt++) {
      WebElement button = byId(buttonId);
      try {
        button.click();
      } catch (WebDriverException e) {
        // The page was replaced between finding the button and clicking it: nothing was sent.
        if (attempt == 3) {
          throw e;
        }
        continue;
      }
      await("the page after " + buttonId).until(driver -> gone(button));
      return;
    }
  }

  /**
   * Whether the element's page was replaced. Chromium reports an element of a replaced document
   * either as stale or, while the new one loads, as a node that "does not belong to the document".
   */
  private static boolean gone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (StaleElementReferenceException e) {
      return true;
    } catch (WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  /** The texts of the messages the page shows (refusals, confirmations). */
  public List<String> messages() {
    return all(By.cssSelector("#messages li")).stream().map(m -> m.getText().strip()).toList();
  }

  /** The value of the session cookie, to replay requests outside the browser. */
  public String cookieHeader() {
    StringBuilder header = new StringBuilder();
    for (Cookie cookie : driver.manage().getCookies()) {
      if (header.length() > 0) {
        header.append("; ");
      }
      header.append(cookie.getName()).append('=').append(cookie.getValue());
    }
    return header.toString();
  }

  /** Waits for a finished download whose name ends with {@code suffix}, and returns it. */
  public Path download(String suffix) {
    Instant deadline = Instant.now().plus(Stack.TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      try (Stream<Path> files = Files.list(downloads)) {
        var done = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst();
        if (done.isPresent()) {
          return done.get();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      sleep(Duration.ofMillis(100));
    }
    throw new AssertionError("no download ending in " + suffix + " in " + downloads);
  }

  /** Saves what the browser shows as target/screenshots/{test}-{step}.png. */
  public void screenshot(String step) {
    if (!SCREENSHOTS.isDirectory() && !SCREENSHOTS.mkdirs()) {
      throw new IllegalStateException("cannot create " + SCREENSHOTS.getAbsolutePath());
    }
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
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

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      Stack.deleteRecursively(profile);
    }
  }
}
