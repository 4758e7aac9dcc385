package dev.pca.system;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the system tests share about the running stack: where it listens, its generated secrets,
 * tokens from its Keycloak, and a way to run the real command-line clients.
 */
public final class Stack {
  // The start script's fixed loopback addresses; the properties only serve runs against a stack
  // elsewhere.
  static final String WILDFLY = System.getProperty("pca.wildfly.url", "http://127.0.0.1:8080");
  static final String ENROLLMENT_TLS =
      System.getProperty("pca.enrollment.url", "https://127.0.0.1:8443");
  static final String KEYCLOAK = System.getProperty("pca.keycloak.url", "http://127.0.0.1:8180");
  static final String REALM = "pca";
  static final String TOKEN_ENDPOINT =
      KEYCLOAK + "/realms/" + REALM + "/protocol/openid-connect/token";
  static final String ADMIN_API = KEYCLOAK + "/admin/realms/" + REALM;
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  // Redirects are never followed: an API that sends a caller to a login page instead of
  // answering 401 is a failure the tests must see.
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private static Map<String, String> secrets;

  private Stack() {}

  /** The directory the start script keeps the stack in (secrets, logs, servers). */
  public static Path dir() {
    String configured = System.getProperty("pca.stack");
    // Outside failsafe (an IDE run from the module directory) the default layout still works.
    return Path.of(configured == null || configured.isBlank() ? "../.stack" : configured)
        .toAbsolutePath()
        .normalize();
  }

  /** The project root, where the run command lives. */
  static Path root() {
    String configured = System.getProperty("pca.root");
    return Path.of(configured == null || configured.isBlank() ? ".." : configured)
        .toAbsolutePath()
        .normalize();
  }

  /** One value of {@code secrets.env}; fails loudly when the start script did not write it. */
  public static String secret(String key) {
    return optionalSecret(key)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    key + " is missing from " + dir().resolve("secrets.env")));
  }

  /** One value of {@code secrets.env}, if the start script wrote it. */
  public static synchronized java.util.Optional<String> optionalSecret(String key) {
    if (secrets == null) {
      secrets = readSecrets(dir().resolve("secrets.env"));
    }
    String value = secrets.get(key);
    return value == null || value.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(value);
  }

  private static Map<String, String> readSecrets(Path file) {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      Map<String, String> values = new LinkedHashMap<>();
      lines
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .filter(line -> line.indexOf('=') > 0)
          .forEach(
              line -> {
                int split = line.indexOf('=');
                values.put(line.substring(0, split).strip(), line.substring(split + 1));
              });
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stack's secrets from " + file, e);
    }
  }

  static HttpClient http() {
    return HTTP;
  }

  /** A request builder with the shared per-request timeout. */
  static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
  }

  static HttpResponse<String> send(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  public static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return HTTP.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException("request to " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + request.uri(), e);
    }
  }

  /** An access token of realm {@code pca} through the client-credentials grant. */
  static String token(String clientId, String secret) {
    return accessToken(
        TOKEN_ENDPOINT,
        Map.of(
            "grant_type", "client_credentials",
            "client_id", clientId,
            "client_secret", secret));
  }

  /**
   * An access token of Keycloak's bootstrap admin. The master realm's tokens live about a minute,
   * so callers fetch one right before each admin call rather than keeping it.
   */
  static String keycloakAdminToken() {
    return accessToken(
        KEYCLOAK + "/realms/master/protocol/openid-connect/token",
        Map.of(
            "grant_type", "password",
            "client_id", "admin-cli",
            "username", "admin",
            "password", secret("PCA_KEYCLOAK_ADMIN_PASSWORD")));
  }

  private static String accessToken(String endpoint, Map<String, String> form) {
    HttpResponse<String> answer =
        send(
            request(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)))
                .build());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          "token request to "
              + endpoint
              + " answered "
              + answer.statusCode()
              + ": "
              + answer.body());
    }
    return json(answer.body()).getString("access_token");
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            field ->
                URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  static JsonArray jsonArray(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readArray();
    }
  }

  /** What a finished (or abandoned) command left behind. */
  public record Run(
      List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {
    @Override
    public String toString() {
      return String.join(" ", command)
          + "\nexit "
          + (timedOut ? "(timed out)" : exitCode)
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  /**
   * Runs a command with the test's environment plus {@code env}, stdout and stderr kept apart (in
   * files, so that neither pipe can fill up and stall the child). A command that outlives {@code
   * timeout} is ended, with everything it started, and reported as timed out.
   */
  public static Run run(List<String> command, Map<String, String> env, Duration timeout) {
    Path work = null;
    try {
      work = Files.createTempDirectory("pca-run-");
      File out = work.resolve("stdout").toFile();
      File err = work.resolve("stderr").toFile();
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.to(out))
              .redirectError(ProcessBuilder.Redirect.to(err));
      builder.environment().putAll(env);
      Process process = builder.start();
      // Nothing is typed in: a command that waits for input must see end-of-file, not hang.
      process.getOutputStream().close();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      return new Run(
          List.copyOf(command),
          finished ? process.exitValue() : -1,
          Files.readString(out.toPath(), StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8),
          !finished);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      deleteRecursively(work);
    }
  }

  static Run run(List<String> command, Duration timeout) {
    return run(command, new HashMap<>(), timeout);
  }

  public static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // Leftovers in the temp directory must not turn a passing test into a failing one.
    }
  }
}
