package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An operator limited to one repository through Keycloak groups: a user with realm role
 * pca-operator in {@code /pca-repositories/<repository>}, and a client that lets the test take the
 * user's tokens by direct grant. Everything made here is removed on {@link #close()}.
 *
 * <p>The realm file gives the console and API clients a {@code groups} claim and makes the parent
 * group; a stack whose realm was imported before that gets both here, as the realm file has them.
 */
final class LimitedOperator implements AutoCloseable {
  static final String PARENT = "pca-repositories";

  final String username = "it-limited-" + Api.suffix();
  final String password = UUID.randomUUID().toString();
  private final String clientId = "pca-it-limited-" + Api.suffix();
  private final String clientSecret = UUID.randomUUID().toString();
  private final List<String> made = new ArrayList<>();

  private LimitedOperator() {}

  /** A new user limited to the repository named {@code repository}. */
  static LimitedOperator in(String repository) {
    LimitedOperator operator = new LimitedOperator();
    try {
      operator.make(repository);
    } catch (RuntimeException e) {
      operator.close();
      throw e;
    }
    return operator;
  }

  private void make(String repository) {
    String admin = Api.keycloakAdminToken();
    groupsClaimOn(admin, "pca-console");
    groupsClaimOn(admin, "pca-api");
    String parent = parentGroup(admin);
    call(
        admin,
        "POST",
        "/groups/" + parent + "/children",
        Json.createObjectBuilder().add("name", repository).build().toString(),
        201);
    String group = groupId(admin, "/" + PARENT + "/" + repository);
    made.add("/groups/" + group);

    call(admin, "POST", "/users", user(), 201);
    String user =
        Api.jsonArray(
                call(admin, "GET", "/users?exact=true&username=" + Api.query(username), null, 200))
            .getJsonObject(0)
            .getString("id");
    made.add(0, "/users/" + user);
    JsonObject role = Api.json(call(admin, "GET", "/roles/pca-operator", null, 200));
    call(
        admin,
        "POST",
        "/users/" + user + "/role-mappings/realm",
        Json.createArrayBuilder().add(role).build().toString(),
        204);
    call(admin, "PUT", "/users/" + user + "/groups/" + group, null, 204);

    call(admin, "POST", "/clients", directGrantClient(), 201);
    made.add(0, "/clients/" + Clients.internalId(admin, clientId));
  }

  /** A current access token of the user, with its groups claim. */
  String token() {
    return Api.userToken(clientId, clientSecret, username, password);
  }

  /** Removes the user, its group and the test's client; the parent group and claims stay. */
  @Override
  public void close() {
    if (made.isEmpty()) {
      return;
    }
    String admin = Api.keycloakAdminToken();
    for (String path : made) {
      call(admin, "DELETE", path, null, 204);
    }
    made.clear();
  }

  /** Keycloak needs a complete profile, or it asks for one at the first sign-in. */
  private String user() {
    return Json.createObjectBuilder()
        .add("username", username)
        .add("enabled", true)
        .add("firstName", "Lim")
        .add("lastName", "Ited")
        .add("email", username + "@pca.invalid")
        .add("emailVerified", true)
        .add(
            "credentials",
            Json.createArrayBuilder()
                .add(
                    Json.createObjectBuilder()
                        .add("type", "password")
                        .add("value", password)
                        .add("temporary", false)))
        .build()
        .toString();
  }

  private String directGrantClient() {
    return Json.createObjectBuilder()
        .add("clientId", clientId)
        .add("enabled", true)
        .add("publicClient", false)
        .add("clientAuthenticatorType", "client-secret")
        .add("secret", clientSecret)
        .add("standardFlowEnabled", false)
        .add("directAccessGrantsEnabled", true)
        .add("serviceAccountsEnabled", false)
        .add("protocolMappers", Json.createArrayBuilder().add(groupsMapper()))
        .build()
        .toString();
  }

  /** The mapper of the realm file: the user's groups by full path in the access token. */
  private static JsonObject groupsMapper() {
    return Json.createObjectBuilder()
        .add("name", "groups")
        .add("protocol", "openid-connect")
        .add("protocolMapper", "oidc-group-membership-mapper")
        .add("consentRequired", false)
        .add(
            "config",
            Json.createObjectBuilder()
                .add("claim.name", "groups")
                .add("full.path", "true")
                .add("access.token.claim", "true")
                .add("introspection.token.claim", "true")
                .add("userinfo.token.claim", "true")
                .add("id.token.claim", "false"))
        .build();
  }

  private static void groupsClaimOn(String admin, String clientId) {
    String id = Clients.internalId(admin, clientId);
    String mappers = "/clients/" + id + "/protocol-mappers/models";
    boolean present =
        Api.jsonArray(call(admin, "GET", mappers, null, 200)).getValuesAs(JsonObject.class).stream()
            .anyMatch(
                m ->
                    "oidc-group-membership-mapper".equals(m.getString("protocolMapper", null))
                        && "groups"
                            .equals(m.getJsonObject("config").getString("claim.name", null)));
    if (!present) {
      call(admin, "POST", mappers, groupsMapper().toString(), 201);
    }
  }

  private static String parentGroup(String admin) {
    String id = groupId(admin, "/" + PARENT);
    if (id == null) {
      call(
          admin,
          "POST",
          "/groups",
          Json.createObjectBuilder().add("name", PARENT).build().toString(),
          201);
      id = groupId(admin, "/" + PARENT);
    }
    return id;
  }

  /** The id of the group at {@code path}, null when there is none. */
  private static String groupId(String admin, String path) {
    HttpResponse<String> found =
        Api.send(
            Api.request(Api.ADMIN_API + "/group-by-path" + path)
                .header("Authorization", "Bearer " + admin)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (found.statusCode() == 404) {
      return null;
    }
    assertThat(found.statusCode()).as("group %s: %s", path, found.body()).isEqualTo(200);
    return Api.json(found.body()).getString("id");
  }

  private static String call(String admin, String method, String path, String body, int status) {
    return Clients.admin(admin, method, path, body, status);
  }
}
