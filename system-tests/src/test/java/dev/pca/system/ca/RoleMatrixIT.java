package dev.pca.system.ca;

import static dev.pca.system.ca.Clients.Role.ADMIN;
import static dev.pca.system.ca.Clients.Role.AUDITOR;
import static dev.pca.system.ca.Clients.Role.NONE;
import static dev.pca.system.ca.Clients.Role.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.ca.CaFixture.Ca;
import dev.pca.system.ca.Clients.Role;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may call what, for every endpoint of the CA core: without a token 401, with a token whose
 * roles do not allow the call 403 (a token without any PCA role included), and with a role that
 * does, anything but 401 and 403. One row per endpoint; adding an endpoint is adding a row.
 *
 * <p>Within a row the refused callers go first, so the one allowed call that changes something
 * (create, delete, revoke) finds the object as {@link #makeObjects} left it.
 */
@ExtendWith(Clients.class)
class RoleMatrixIT {
  private static final Set<Role> EVERYONE = EnumSet.of(ADMIN, OPERATOR, AUDITOR);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  /**
   * One endpoint: method, path with {placeholders}, a body made per call, who may call it, and the
   * media type to ask for (downloads are matched by Accept before any role is checked).
   */
  private record Row(
      String method, String path, Supplier<String> body, Set<Role> allowed, String accept) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** The ids the placeholders stand for, made by admin and operator before the matrix runs. */
  private static final Map<String, String> IDS = new HashMap<>();

  private static String csr;

  @BeforeAll
  static void makeObjects() {
    Ca ca = CaFixture.newCa();
    csr = CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com"));
    IDS.put("repository", ca.repositoryId());
    IDS.put("root", ca.rootId());
    IDS.put("issuer", ca.intermediateId());
    IDS.put("template", ca.templateId());
    IDS.put("certificate", issue(ca));
    IDS.put("heldCertificate", issue(ca));
    IDS.put("spareRepository", CaFixture.repository().getString("id"));
    IDS.put("spareTemplate", CaFixture.template(ca.repositoryId()).getString("id"));
    IDS.put("profile", EnrollmentProfilesIT.profile(ca, "SCEP", "ONE_TIME_CHALLENGE", null));
    IDS.put("estProfile", EnrollmentProfilesIT.profile(ca, "EST", "HTTP_BASIC", "device"));
    IDS.put("spareProfile", EnrollmentProfilesIT.profile(ca, "EST", "CLIENT_CERTIFICATE", null));
    IDS.put("acmeProfile", CaFixture.acmeProfile(ca).getString("id"));
    IDS.put("acmeToken", acmeToken(IDS.get("acmeProfile")));
  }

  private static List<Row> rows() {
    return List.of(
        // repositories
        row("GET", "/repositories", null, EVERYONE),
        row("POST", "/repositories", RoleMatrixIT::repositoryBody, EnumSet.of(ADMIN)),
        row("GET", "/repositories/{repository}", null, EVERYONE),
        row("PUT", "/repositories/{repository}", RoleMatrixIT::repositoryBody, EnumSet.of(ADMIN)),
        row("DELETE", "/repositories/{spareRepository}", null, EnumSet.of(ADMIN)),
        // issuers
        row("GET", "/repositories/{repository}/issuers", null, EVERYONE),
        row(
            "POST",
            "/repositories/{repository}/issuers",
            () -> CaFixture.issuerBody("it-matrix-root", "EC_P256", 3650, 1),
            EnumSet.of(ADMIN)),
        row(
            "POST",
            "/issuers/{root}/intermediates",
            () -> CaFixture.issuerBody("it-matrix-sub", "EC_P256", 365, 0),
            EnumSet.of(ADMIN)),
        row("GET", "/issuers/{issuer}", null, EVERYONE),
        download("/issuers/{issuer}/certificate", Api.PEM),
        download("/issuers/{issuer}/chain", Api.PEM_CHAIN),
        // templates
        row("GET", "/repositories/{repository}/templates", null, EVERYONE),
        row(
            "POST",
            "/repositories/{repository}/templates",
            () -> CaFixture.templateBody("matrix-" + Api.suffix(), CaFixture.tlsServerSpec()),
            EnumSet.of(OPERATOR)),
        row("GET", "/templates/{template}", null, EVERYONE),
        row(
            "PUT",
            "/templates/{template}",
            () -> CaFixture.templateBody("matrix-" + Api.suffix(), CaFixture.tlsServerSpec()),
            EnumSet.of(OPERATOR)),
        row("DELETE", "/templates/{spareTemplate}", null, EnumSet.of(OPERATOR)),
        // import (the body names no key material: an admin gets 400, others never get that far)
        row(
            "POST",
            "/repositories/{repository}/issuers/import",
            () -> "{\"label\":\"matrix-import-" + Api.suffix() + "\"}",
            EnumSet.of(ADMIN)),
        // certificates
        row(
            "POST",
            "/issuers/{issuer}/certificates/keygen",
            () ->
                "{\"templateId\":\"%s\",\"subject\":\"CN=m.example.com\",\"sans\":[{\"type\":\"DNS\",\"value\":\"m.example.com\"}],\"keySpec\":\"EC_P256\",\"password\":\"matrix-secret\"}"
                    .formatted(IDS.get("template")),
            EnumSet.of(OPERATOR)),
        row(
            "POST",
            "/issuers/{issuer}/certificates",
            () -> CaFixture.issueBody(IDS.get("template"), csr, 30),
            EnumSet.of(OPERATOR)),
        row("GET", "/certificates?issuerId={issuer}&status=VALID&offset=0&limit=5", null, EVERYONE),
        row("GET", "/certificates/{certificate}", null, EVERYONE),
        download("/certificates/{certificate}/certificate", Api.DER),
        download("/certificates/{certificate}/chain", Api.PEM_CHAIN),
        download("/certificates/{certificate}/pkcs7", Api.PKCS7),
        row("GET", "/certificates/{certificate}/history", null, EVERYONE),
        row(
            "POST",
            "/certificates/{certificate}/renew",
            () -> Json.createObjectBuilder().add("csr", csr).build().toString(),
            EnumSet.of(OPERATOR)),
        row(
            "POST",
            "/certificates/{heldCertificate}/revoke",
            () -> reason("CERTIFICATE_HOLD"),
            EnumSet.of(OPERATOR)),
        row("POST", "/certificates/{heldCertificate}/release", null, EnumSet.of(OPERATOR)),
        row(
            "POST",
            "/certificates/{certificate}/revoke",
            () -> reason("SUPERSEDED"),
            EnumSet.of(OPERATOR)),
        // issuer state, after the issuing rows
        row(
            "PUT",
            "/issuers/{issuer}/quota",
            () -> Json.createObjectBuilder().addNull("quota").build().toString(),
            EnumSet.of(ADMIN)),
        row("POST", "/issuers/{issuer}/disable", null, EnumSet.of(ADMIN)),
        row("POST", "/issuers/{issuer}/enable", null, EnumSet.of(ADMIN)),
        // enrollment profiles (requests are approved in the SCEP and EST tests, where devices
        // make them: an unknown request id still tells a refused caller from an allowed one)
        row("GET", "/repositories/{repository}/enrollment-profiles", null, EVERYONE),
        row(
            "POST",
            "/repositories/{repository}/enrollment-profiles",
            () ->
                EnrollmentProfilesIT.draft(
                    "matrix-" + Api.suffix(),
                    IDS.get("issuer"),
                    IDS.get("template"),
                    "EST",
                    "HTTP_BASIC",
                    "d"),
            EnumSet.of(ADMIN)),
        row("GET", "/enrollment-profiles/{profile}", null, EVERYONE),
        row(
            "PUT",
            "/enrollment-profiles/{estProfile}",
            () ->
                EnrollmentProfilesIT.draft(
                    "matrix-" + Api.suffix(),
                    IDS.get("issuer"),
                    IDS.get("template"),
                    "EST",
                    "HTTP_BASIC",
                    "d"),
            EnumSet.of(ADMIN)),
        row("POST", "/enrollment-profiles/{estProfile}/secret", null, EnumSet.of(ADMIN)),
        row(
            "PUT",
            "/enrollment-profiles/{estProfile}/enabled",
            () -> "{\"enabled\":true}",
            EnumSet.of(ADMIN)),
        row(
            "POST",
            "/enrollment-profiles/{profile}/challenges",
            () -> "{\"device\":\"matrix-device\",\"validitySeconds\":600}",
            EnumSet.of(OPERATOR)),
        row("DELETE", "/enrollment-profiles/{spareProfile}", null, EnumSet.of(ADMIN)),
        row("GET", "/repositories/{repository}/enrollment-requests?status=PENDING", null, EVERYONE),
        row(
            "POST",
            "/enrollment-requests/" + UUID.randomUUID() + "/approve",
            null,
            EnumSet.of(OPERATOR)),
        row(
            "POST",
            "/enrollment-requests/" + UUID.randomUUID() + "/reject",
            () -> "{\"reason\":\"no\"}",
            EnumSet.of(OPERATOR)),
        // ACME tokens of an ACME profile
        row("GET", "/enrollment-profiles/{acmeProfile}/acme-tokens", null, EVERYONE),
        row(
            "POST",
            "/enrollment-profiles/{acmeProfile}/acme-tokens",
            () -> "{\"description\":\"matrix\"}",
            EnumSet.of(ADMIN, OPERATOR)),
        row("POST", "/acme-tokens/{acmeToken}/revoke", null, EnumSet.of(ADMIN, OPERATOR)),
        // audit
        row("GET", "/audit?limit=5", null, EnumSet.of(ADMIN, AUDITOR)),
        row("POST", "/audit/verify", null, EnumSet.of(ADMIN, AUDITOR)));
  }

  @TestFactory
  Stream<DynamicNode> everyEndpoint_answersByCallersRole() {
    return rows().stream()
        .map(row -> DynamicContainer.dynamicContainer(row.toString(), checks(row)));
  }

  /** No token, then every caller refused, then every caller allowed. */
  private static Stream<DynamicTest> checks(Row row) {
    List<DynamicTest> checks = new ArrayList<>();
    checks.add(
        DynamicTest.dynamicTest(
            "no token -> 401",
            () -> {
              Api.Answer answer = call(row, null);
              assertThat(answer.status()).as("%s", answer).isEqualTo(401);
              assertThat(answer.contentType()).as("%s", answer).startsWith(Api.PROBLEM_JSON);
            }));
    for (Role role : List.of(NONE, AUDITOR, OPERATOR, ADMIN)) {
      if (!row.allowed().contains(role)) {
        checks.add(
            DynamicTest.dynamicTest(
                role + " -> 403",
                () -> {
                  Api.Answer answer = call(row, role);
                  assertThat(answer.status()).as("%s", answer).isEqualTo(403);
                  assertThat(answer.contentType()).as("%s", answer).startsWith(Api.PROBLEM_JSON);
                }));
      }
    }
    for (Role role : List.of(AUDITOR, OPERATOR, ADMIN)) {
      if (row.allowed().contains(role)) {
        checks.add(
            DynamicTest.dynamicTest(
                role + " -> allowed",
                () -> {
                  Api.Answer answer = call(row, role);
                  assertThat(answer.status()).as("%s", answer).isNotIn(401, 403);
                }));
      }
    }
    return checks.stream();
  }

  private static Api.Answer call(Row row, Role role) {
    String token = role == null ? null : Clients.token(role);
    String body = row.body() == null ? null : row.body().get();
    return Api.call(token, row.method(), path(row.path()), body, row.accept());
  }

  private static String path(String template) {
    Matcher placeholder = PLACEHOLDER.matcher(template);
    StringBuilder path = new StringBuilder();
    while (placeholder.find()) {
      String id = IDS.get(placeholder.group(1));
      assertThat(id).as("id for {%s}", placeholder.group(1)).isNotNull();
      placeholder.appendReplacement(path, Matcher.quoteReplacement(id));
    }
    placeholder.appendTail(path);
    return path.toString();
  }

  private static Row row(String method, String path, Supplier<String> body, Set<Role> allowed) {
    return new Row(method, path, body, allowed, Api.JSON);
  }

  /** A GET of a certificate download, which everyone may make. */
  private static Row download(String path, String accept) {
    return new Row("GET", path, null, EVERYONE, accept);
  }

  private static String repositoryBody() {
    return CaFixture.repositoryBody("it-matrix-" + Api.suffix(), true, true);
  }

  private static String reason(String reason) {
    return Json.createObjectBuilder()
        .add("reason", reason)
        .addNull("invalidityDate")
        .build()
        .toString();
  }

  private static String acmeToken(String profile) {
    return Api.expect(
            Api.post(
                Clients.operator(),
                "/enrollment-profiles/" + profile + "/acme-tokens",
                "{\"description\":\"matrix\"}"),
            201)
        .json()
        .getString("id");
  }

  private static String issue(Ca ca) {
    return CaFixture.issued(ca, csr).getJsonObject("certificate").getString("id");
  }
}
