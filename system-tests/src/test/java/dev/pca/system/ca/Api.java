package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The running stack as the CA tests see it: where it listens, its generated secrets, Keycloak
 * tokens, calls to REST API v2 and a way to run the real command-line clients. The package's own
 * copy of what {@code dev.pca.system.Stack} offers, which is not visible from here.
 */
public final class Api {
  static final String WILDFLY = System.getProperty("pca.wildfly.url", "http://127.0.0.1:8080");
  static final String BASE = WILDFLY + "/api/v2";
  static final String KEYCLOAK = System.getProperty("pca.keycloak.url", "http://127.0.0.1:8180");
  static final String TOKEN_ENDPOINT = KEYCLOAK + "/realms/pca/protocol/openid-connect/token";
  static final String ADMIN_API = KEYCLOAK + "/admin/realms/pca";
  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";
  static final String PEM = "application/x-pem-file";
  static final String DER = "application/pkix-cert";
  static final String PEM_CHAIN = "application/pem-certificate-chain";
  static final String PKCS7 = "application/pkcs7-mime";

  /** Generous: creating an RSA issuer generates its key on the token first. */
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** Tokens are taken again this long before Keycloak says they expire. */
  private static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);

  // Redirects are never followed: an API that sends a caller to a login page instead of
  // answering 401 is a failure the tests must see.
  private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

  private Api() {}

  /** An answer of the REST API, its body as text. */
  public record Answer(String call, int status, String contentType, String body) {
    public JsonObject json() {
      return Api.json(body);
    }

    public JsonArray array() {
      return Api.jsonArray(body);
    }

    /** The {@code rule} of each problem violation, in order; empty when there are none. */
    List<String> rules() {
      if (body == null || body.isBlank() || !body.strip().startsWith("{")) {
        return List.of();
      }
      JsonObject problem = json();
      if (!problem.containsKey("violations")
          || problem.get("violations").getValueType() != JsonValue.ValueType.ARRAY) {
        return List.of();
      }
      return problem.getJsonArray("violations").getValuesAs(JsonObject.class).stream()
          .map(violation -> violation.getString("rule", null))
          .toList();
    }

    @Override
    public String toString() {
      return call + " -> " + status + " " + contentType + "\n" + body;
    }
  }

  /** The stack's directory (secrets, logs); failsafe passes it as {@code pca.stack}. */
  static Path stackDir() {
    return Stack.dir();
  }

  static String secret(String key) {
    return Stack.secret(key);
  }

  static Optional<String> optionalSecret(String key) {
    return Stack.optionalSecret(key);
  }

  // ---- REST API v2 ----

  public static Answer get(String token, String path) {
    return call(token, "GET", path, null);
  }

  public static Answer post(String token, String path, String body) {
    return call(token, "POST", path, body);
  }

  public static Answer put(String token, String path, String body) {
    return call(token, "PUT", path, body);
  }

  static Answer delete(String token, String path) {
    return call(token, "DELETE", path, null);
  }

  /**
   * One call of REST API v2; {@code path} is relative to /api/v2 and starts with a slash, {@code
   * token} null sends none, {@code body} null sends an empty body.
   */
  static Answer call(String token, String method, String path, String body) {
    return call(token, method, path, body, JSON + ", " + PROBLEM_JSON);
  }

  /** The same with the media types asked for in Accept, for downloads. */
  static Answer call(String token, String method, String path, String body, String accept) {
    HttpRequest.Builder request =
        request(BASE + path)
            .header("Accept", accept)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null || method.equals("POST") || method.equals("PUT")) {
      request.header("Content-Type", JSON);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> answer = send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        method + " " + path,
        answer.statusCode(),
        answer.headers().firstValue("Content-Type").orElse(""),
        answer.body());
  }

  /** A GET of a download, with the media type asked for in Accept. */
  static HttpResponse<byte[]> download(String token, String path, String accept) {
    return send(
        request(BASE + path)
            .header("Accept", accept)
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
  }

  static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return Stack.send(request, handler);
  }

  /** Fails with the whole answer in the message unless the status is {@code expected}. */
  public static Answer expect(Answer answer, int expected) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(expected);
    return answer;
  }

  /** Asserts an RFC 9457 problem with that status. */
  static Answer expectProblem(Answer answer, int status) {
    expect(answer, status);
    assertThat(answer.contentType()).as("%s", answer).startsWith(PROBLEM_JSON);
    assertThat(answer.json().getInt("status")).as("%s", answer).isEqualTo(status);
    return answer;
  }

  /** Whether the field is null or left out, as JSON-B leaves out null properties by default. */
  static boolean absent(JsonObject object, String field) {
    return !object.containsKey(field) || object.isNull(field);
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
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

  // ---- tokens ----

  private record Token(String value, Instant renewAt) {}

  /** The automation client of the quick start: its service account holds pca-operator. */
  static String operatorToken() {
    return token("pca-api", secret("PCA_API_CLIENT_SECRET"));
  }

  /** A client-credentials token of realm pca, kept until shortly before it expires. */
  static String token(String clientId, String clientSecret) {
    Token cached = TOKENS.get(clientId);
    if (cached != null && Instant.now().isBefore(cached.renewAt())) {
      return cached.value();
    }
    JsonObject answer =
        tokenAnswer(
            TOKEN_ENDPOINT,
            Map.of(
                "grant_type", "client_credentials",
                "client_id", clientId,
                "client_secret", clientSecret));
    Token fresh =
        new Token(
            answer.getString("access_token"),
            Instant.now()
                .plusSeconds(answer.getJsonNumber("expires_in").longValue())
                .minus(TOKEN_MARGIN));
    TOKENS.put(clientId, fresh);
    return fresh.value();
  }

  static void forgetToken(String clientId) {
    TOKENS.remove(clientId);
  }

  /** A user's access token through a client that allows direct grants; never kept. */
  static String userToken(String clientId, String clientSecret, String username, String password) {
    return tokenAnswer(
            TOKEN_ENDPOINT,
            Map.of(
                "grant_type", "password",
                "client_id", clientId,
                "client_secret", clientSecret,
                "username", username,
                "password", password))
        .getString("access_token");
  }

  /** Keycloak's bootstrap admin; master realm tokens live about a minute, so never kept. */
  static String keycloakAdminToken() {
    return tokenAnswer(
            KEYCLOAK + "/realms/master/protocol/openid-connect/token",
            Map.of(
                "grant_type", "password",
                "client_id", "admin-cli",
                "username", "admin",
                "password", secret("PCA_KEYCLOAK_ADMIN_PASSWORD")))
        .getString("access_token");
  }

  private static JsonObject tokenAnswer(String endpoint, Map<String, String> form) {
    HttpResponse<String> answer =
        send(
            request(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          "token request to "
              + endpoint
              + " answered "
              + answer.statusCode()
              + ": "
              + answer.body());
    }
    return json(answer.body());
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(field -> query(field.getKey()) + "=" + query(field.getValue()))
        .collect(Collectors.joining("&"));
  }

  // ---- command-line clients ----

  /** A command with the test's environment plus {@code env}; see {@link Stack#run}. */
  static Stack.Run run(List<String> command, Map<String, String> env) {
    return Stack.run(command, env, TIMEOUT);
  }

  static Stack.Run run(String... command) {
    return run(List.of(command), Map.of());
  }

  /** Runs a command that must succeed. */
  static Stack.Run succeed(String... command) {
    Stack.Run run = run(command);
    assertThat(run.exitCode()).as("%s", run).isZero();
    return run;
  }

  static void deleteRecursively(Path dir) {
    Stack.deleteRecursively(dir);
  }
}
