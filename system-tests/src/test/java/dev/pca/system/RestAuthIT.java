package dev.pca.system;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The REST API's bearer-token checks, with tokens from the real Keycloak. */
class RestAuthIT {
  private static final String ME = Stack.WILDFLY + "/api/v2/me";
  private static final String PROBLEM_JSON = "application/problem+json";

  @Test
  void restApi_noToken_answers401WithBearerChallengeAsProblem() {
    HttpResponse<String> answer = Stack.send(Stack.request(ME).GET().build());

    assertThat(answer.statusCode()).isEqualTo(401);
    // A bearer API challenges for a token; a redirect to a login page would be the web flow.
    assertThat(answer.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
    assertProblem(answer, 401);
  }

  @Test
  void restApi_garbageToken_answers401() {
    HttpResponse<String> answer =
        Stack.send(
            Stack.request(ME).header("Authorization", "Bearer not.a-real.token").GET().build());

    assertThat(answer.statusCode()).isEqualTo(401);
    assertProblem(answer, 401);
  }

  @Test
  void restApi_tokenFromAnotherRealm_answers401() {
    // Well-formed and validly signed, but by the master realm: only realm pca may vouch for
    // callers.
    String foreign = Stack.keycloakAdminToken();

    HttpResponse<String> answer =
        Stack.send(Stack.request(ME).header("Authorization", "Bearer " + foreign).GET().build());

    assertThat(answer.statusCode()).isEqualTo(401);
  }

  @Test
  void restApi_tokenWithoutPcaRole_answers403AsProblem() {
    String clientId = "pca-it-roleless-" + UUID.randomUUID();
    String secret = UUID.randomUUID().toString();
    try {
      createRolelessClient(clientId, secret);
      String token = Stack.token(clientId, secret);

      HttpResponse<String> answer =
          Stack.send(Stack.request(ME).header("Authorization", "Bearer " + token).GET().build());

      assertThat(answer.statusCode()).isEqualTo(403);
      assertProblem(answer, 403);
    } finally {
      deleteClient(clientId);
    }
  }

  @Test
  void restApi_operatorServiceAccountToken_answers200NamingOperatorRole() {
    String token = Stack.token("pca-api", Stack.secret("PCA_API_CLIENT_SECRET"));

    HttpResponse<String> answer =
        Stack.send(Stack.request(ME).header("Authorization", "Bearer " + token).GET().build());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonObject caller = Stack.json(answer.body());
    assertThat(caller.getString("name")).isNotBlank();
    assertThat(strings(caller.getJsonArray("roles")))
        .contains("pca-operator")
        .doesNotContain("pca-admin");
  }

  @Test
  void openApi_yamlDocumentWithoutToken_listsMePath() {
    HttpResponse<String> answer = Stack.send(Stack.request(Stack.WILDFLY + "/openapi").build());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("openapi:").contains("/api/v2/me");
  }

  @Test
  void openApi_jsonDocumentWithoutToken_listsMeGetOperation() {
    HttpResponse<String> answer =
        Stack.send(Stack.request(Stack.WILDFLY + "/openapi?format=JSON").build());

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonObject paths = Stack.json(answer.body()).getJsonObject("paths");
    assertThat(paths).containsKey("/api/v2/me");
    assertThat(paths.getJsonObject("/api/v2/me")).containsKey("get");
  }

  private static void assertProblem(HttpResponse<String> answer, int status) {
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
    assertThat(Stack.json(answer.body()).getInt("status")).isEqualTo(status);
  }

  private static List<String> strings(JsonArray array) {
    return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  /** A confidential client whose service account holds none of the pca roles. */
  private static void createRolelessClient(String clientId, String secret) {
    String client =
        Json.createObjectBuilder()
            .add("clientId", clientId)
            .add("enabled", true)
            .add("publicClient", false)
            .add("clientAuthenticatorType", "client-secret")
            .add("secret", secret)
            .add("serviceAccountsEnabled", true)
            .add("standardFlowEnabled", false)
            .add("directAccessGrantsEnabled", false)
            .add("implicitFlowEnabled", false)
            .build()
            .toString();
    HttpResponse<String> created =
        Stack.send(
            Stack.request(Stack.ADMIN_API + "/clients")
                .header("Authorization", "Bearer " + Stack.keycloakAdminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(client))
                .build());
    assertThat(created.statusCode())
        .as("creating client %s: %s", clientId, created.body())
        .isEqualTo(201);
  }

  /** Removes the client if it exists; runs even when creating it failed half-way. */
  private static void deleteClient(String clientId) {
    String adminToken = Stack.keycloakAdminToken();
    HttpResponse<String> found =
        Stack.send(
            Stack.request(Stack.ADMIN_API + "/clients?clientId=" + clientId)
                .header("Authorization", "Bearer " + adminToken)
                .GET()
                .build());
    assertThat(found.statusCode()).as("looking up client %s", clientId).isEqualTo(200);
    for (JsonObject match : Stack.jsonArray(found.body()).getValuesAs(JsonObject.class)) {
      if (!clientId.equals(match.getString("clientId", null))) {
        continue;
      }
      HttpResponse<String> deleted =
          Stack.send(
              Stack.request(Stack.ADMIN_API + "/clients/" + match.getString("id"))
                  .header("Authorization", "Bearer " + adminToken)
                  .DELETE()
                  .build());
      assertThat(deleted.statusCode()).as("deleting client %s", clientId).isEqualTo(204);
    }
  }
}
