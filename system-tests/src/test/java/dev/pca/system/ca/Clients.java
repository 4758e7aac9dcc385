package dev.pca.system.ca;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The callers of the CA tests, one per role. {@code pca-api} of the quick start is the operator; an
 * admin, an auditor and a caller without any PCA role are confidential Keycloak clients made here,
 * each the first time a test asks for it, once per JVM.
 *
 * <p>Register with {@code @ExtendWith(Clients.class)}: the made clients are deleted when the whole
 * test run ends (a value in JUnit's root store is closed then), and by a shutdown hook should the
 * JVM end otherwise.
 */
public final class Clients implements BeforeAllCallback {
  /** Who calls. */
  enum Role {
    ADMIN("pca-admin"),
    OPERATOR("pca-operator"),
    AUDITOR("pca-auditor"),
    /** A valid token of realm pca whose service account holds none of the PCA roles. */
    NONE(null);

    private final String realmRole;

    Role(String realmRole) {
      this.realmRole = realmRole;
    }

    /** The realm role, null for {@link #NONE}. */
    String realmRole() {
      return realmRole;
    }

    @Override
    public String toString() {
      return realmRole == null ? "role-less" : realmRole;
    }
  }

  private record Client(String clientId, String secret) {}

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(Clients.class);
  private static final Map<Role, Client> MADE = new EnumMap<>(Role.class);
  private static final Map<Role, String> NAMES = new EnumMap<>(Role.class);
  private static boolean hooked;

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Cleanup.class, type -> new Cleanup(), Cleanup.class);
  }

  /** Closed by JUnit when the root context ends, i.e. after the last test class. */
  private static final class Cleanup implements AutoCloseable {
    @Override
    public void close() {
      deleteAll();
    }
  }

  /** A current access token of a caller with {@code role}. */
  static String token(Role role) {
    if (role == Role.OPERATOR) {
      return Api.operatorToken();
    }
    Client client = client(role);
    return Api.token(client.clientId(), client.secret());
  }

  public static String admin() {
    return token(Role.ADMIN);
  }

  public static String operator() {
    return token(Role.OPERATOR);
  }

  public static String auditor() {
    return token(Role.AUDITOR);
  }

  static String roleless() {
    return token(Role.NONE);
  }

  /** The caller's name as the API sees it (GET /me), which is what the audit log records. */
  static synchronized String name(Role role) {
    String known = NAMES.get(role);
    if (known == null) {
      Api.Answer me = Api.expect(Api.get(token(role), "/me"), 200);
      known = me.json().getString("name");
      NAMES.put(role, known);
    }
    return known;
  }

  private static synchronized Client client(Role role) {
    Client client = MADE.get(role);
    if (client == null) {
      if (!hooked) {
        Runtime.getRuntime().addShutdownHook(new Thread(Clients::deleteAll, "pca-it-clients"));
        hooked = true;
      }
      client =
          new Client(
              "pca-it-" + role.name().toLowerCase(Locale.ROOT) + "-" + Api.suffix(),
              UUID.randomUUID().toString());
      // Remembered before it exists, so that a half-made client is deleted too.
      MADE.put(role, client);
      make(client, role.realmRole());
    }
    return client;
  }

  private static synchronized void deleteAll() {
    List<RuntimeException> failures = new ArrayList<>();
    for (Client client : List.copyOf(MADE.values())) {
      try {
        delete(client.clientId());
        Api.forgetToken(client.clientId());
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    MADE.clear();
    NAMES.keySet().removeIf(role -> role != Role.OPERATOR);
    if (!failures.isEmpty()) {
      RuntimeException failure = new IllegalStateException("test clients left in Keycloak");
      failures.forEach(failure::addSuppressed);
      throw failure;
    }
  }

  /** A confidential client with a service account that holds {@code realmRole} (or none). */
  private static void make(Client client, String realmRole) {
    String representation =
        Json.createObjectBuilder()
            .add("clientId", client.clientId())
            .add("enabled", true)
            .add("publicClient", false)
            .add("clientAuthenticatorType", "client-secret")
            .add("secret", client.secret())
            .add("serviceAccountsEnabled", true)
            .add("standardFlowEnabled", false)
            .add("directAccessGrantsEnabled", false)
            .add("implicitFlowEnabled", false)
            .build()
            .toString();
    String admin = Api.keycloakAdminToken();
    admin(admin, "POST", "/clients", representation, 201);
    if (realmRole == null) {
      return;
    }
    String id = internalId(admin, client.clientId());
    String user =
        Api.json(admin(admin, "GET", "/clients/" + id + "/service-account-user", null, 200))
            .getString("id");
    JsonObject role = Api.json(admin(admin, "GET", "/roles/" + realmRole, null, 200));
    admin(
        admin,
        "POST",
        "/users/" + user + "/role-mappings/realm",
        Json.createArrayBuilder().add(role).build().toString(),
        204);
  }

  private static void delete(String clientId) {
    String admin = Api.keycloakAdminToken();
    String id = internalId(admin, clientId);
    if (id != null) {
      admin(admin, "DELETE", "/clients/" + id, null, 204);
    }
  }

  /** Keycloak's id of the client, null when there is none. */
  static String internalId(String admin, String clientId) {
    String found = admin(admin, "GET", "/clients?clientId=" + Api.query(clientId), null, 200);
    return Api.jsonArray(found).getValuesAs(JsonObject.class).stream()
        .filter(match -> clientId.equals(match.getString("clientId", null)))
        .map(match -> match.getString("id"))
        .findFirst()
        .orElse(null);
  }

  /** A call of Keycloak's admin API for realm pca that must answer {@code status}; its body. */
  static String admin(String token, String method, String path, String body, int status) {
    HttpRequest.Builder request =
        Api.request(Api.ADMIN_API + path)
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", Api.JSON);
    }
    HttpResponse<String> answer = Api.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != status) {
      throw new IllegalStateException(
          "Keycloak admin "
              + method
              + " "
              + path
              + " answered "
              + answer.statusCode()
              + " instead of "
              + status
              + ": "
              + answer.body());
    }
    return answer.body();
  }
}
