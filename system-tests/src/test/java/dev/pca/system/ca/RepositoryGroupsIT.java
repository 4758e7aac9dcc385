package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Browser;
import dev.pca.system.ca.CaFixture.Ca;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * An operator limited to repository A through the Keycloak group {@code /pca-repositories/<A>}:
 * through REST and in the console it acts in A, and is refused in B, whose objects it can neither
 * change nor read, and which its lists and searches leave out.
 */
@ExtendWith(Clients.class)
class RepositoryGroupsIT {
  private static final String REFUSED = "Outside your repositories";

  private static Ca a;
  private static Ca b;
  private static String aName;
  private static String bName;
  private static String aCertificate;
  private static String bCertificate;
  private static LimitedOperator operator;

  @BeforeAll
  static void makeTwoRepositoriesAndAnOperatorOfA() {
    a = CaFixture.newCa();
    b = CaFixture.newCa();
    aName = name(a);
    bName = name(b);
    aCertificate = issuedByUnlimitedOperator(a);
    bCertificate = issuedByUnlimitedOperator(b);
    operator = LimitedOperator.in(aName);
  }

  @AfterAll
  static void removeOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void rest_issueInOwnRepository_created_inOtherRepository_forbiddenAuditedAndNothingLeft() {
    String token = operator.token();
    String csr = CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com"));

    Api.expect(
        Api.post(
            token,
            "/issuers/" + a.intermediateId() + "/certificates",
            CaFixture.issueBody(a.templateId(), csr, null)),
        201);

    long before = CaFixture.certificateTotal(b.intermediateId());
    Api.Answer refused =
        Api.expectProblem(
            Api.post(
                token,
                "/issuers/" + b.intermediateId() + "/certificates",
                CaFixture.issueBody(b.templateId(), csr, null)),
            403);
    assertThat(refused.json().getString("detail")).contains(bName);
    Api.expectProblem(
        Api.post(
            token,
            "/issuers/" + b.intermediateId() + "/certificates/keygen",
            Json.createObjectBuilder()
                .add("templateId", b.templateId())
                .add("subject", "CN=k.example.com")
                .add("keySpec", "EC_P256")
                .add("password", "limited-secret")
                .build()
                .toString()),
        403);
    // A's template under B's issuer is refused for the issuer's repository as well.
    Api.expectProblem(
        Api.post(
            token,
            "/issuers/" + b.intermediateId() + "/certificates",
            CaFixture.issueBody(a.templateId(), csr, null)),
        403);
    assertThat(CaFixture.certificateTotal(b.intermediateId())).isEqualTo(before);

    String name = Api.expect(Api.get(token, "/me"), 200).json().getString("name");
    List<JsonObject> events =
        Api.expect(Api.get(Clients.auditor(), "/audit?limit=50&actor=" + Api.query(name)), 200)
            .array()
            .getValuesAs(JsonObject.class);
    assertThat(events)
        .filteredOn(e -> e.getString("outcome").equals("REFUSED"))
        .filteredOn(e -> e.getString("objectId").equals(b.intermediateId()))
        .filteredOn(e -> e.getString("action").startsWith("POST /issuers/{id}/certificates"))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.getString("detail")).contains(bName));
  }

  @Test
  void rest_otherRepositorysCertificate_neitherRevokedRenewedNorRead() {
    String token = operator.token();

    Api.expectProblem(
        Api.post(
            token, "/certificates/" + bCertificate + "/revoke", "{\"reason\":\"KEY_COMPROMISE\"}"),
        403);
    Api.expectProblem(
        Api.post(
            token,
            "/certificates/" + bCertificate + "/revoke",
            "{\"reason\":\"CERTIFICATE_HOLD\"}"),
        403);
    Api.expectProblem(
        Api.post(
            token,
            "/certificates/" + bCertificate + "/renew",
            Json.createObjectBuilder()
                .add("csr", CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")))
                .build()
                .toString()),
        403);
    assertThat(certificate(Clients.auditor(), bCertificate).getString("status")).isEqualTo("VALID");

    Api.expectProblem(Api.get(token, "/certificates/" + bCertificate), 403);
    Api.expectProblem(Api.get(token, "/certificates/" + bCertificate + "/history"), 403);
    assertThat(
            Api.download(token, "/certificates/" + bCertificate + "/chain", Api.PEM_CHAIN)
                .statusCode())
        .isEqualTo(403);
    assertThat(certificate(token, aCertificate).getString("status")).isEqualTo("VALID");
  }

  @Test
  void rest_searchAndRepositoryList_showOnlyOwnRepository() {
    String token = operator.token();

    List<JsonObject> found =
        Api.expect(Api.get(token, "/certificates?limit=500"), 200)
            .json()
            .getJsonArray("items")
            .getValuesAs(JsonObject.class);
    assertThat(found).extracting(c -> c.getString("id")).contains(aCertificate);
    assertThat(found).allMatch(c -> c.getString("repositoryId").equals(a.repositoryId()));
    assertThat(
            Api.expect(Api.get(token, "/certificates?repositoryId=" + b.repositoryId()), 200)
                .json()
                .getJsonNumber("total")
                .longValue())
        .isZero();
    assertThat(
            Api.expect(Api.get(token, "/certificates?q=" + Api.query("a.example.com")), 200)
                .json()
                .getJsonArray("items")
                .getValuesAs(JsonObject.class))
        .extracting(c -> c.getString("id"))
        .contains(aCertificate)
        .doesNotContain(bCertificate);

    assertThat(Api.expect(Api.get(token, "/repositories"), 200).array())
        .extracting(r -> r.asJsonObject().getString("name"))
        .containsExactly(aName);
    Api.expect(Api.get(token, "/repositories/" + a.repositoryId()), 200);
    Api.expectProblem(Api.get(token, "/repositories/" + b.repositoryId()), 403);
  }

  @Test
  void rest_otherRepositorysIssuersAndTemplates_forbidden() {
    String token = operator.token();
    String template = CaFixture.templateBody("limited-" + Api.suffix(), CaFixture.tlsServerSpec());

    Api.expect(Api.get(token, "/issuers/" + a.intermediateId()), 200);
    Api.expectProblem(Api.get(token, "/issuers/" + b.intermediateId()), 403);
    Api.expectProblem(Api.get(token, "/repositories/" + b.repositoryId() + "/issuers"), 403);
    Api.expectProblem(Api.get(token, "/templates/" + b.templateId()), 403);
    Api.expectProblem(Api.get(token, "/repositories/" + b.repositoryId() + "/templates"), 403);
    Api.expectProblem(
        Api.post(token, "/repositories/" + b.repositoryId() + "/templates", template), 403);
    Api.expectProblem(Api.put(token, "/templates/" + b.templateId(), template), 403);
    Api.expectProblem(Api.delete(token, "/templates/" + b.templateId()), 403);
    Api.expect(Api.get(Clients.operator(), "/templates/" + b.templateId()), 200);

    Api.expect(Api.post(token, "/repositories/" + a.repositoryId() + "/templates", template), 201);
  }

  @Test
  void rest_operatorInNoRepositoryGroup_actsInBoth() {
    for (Ca ca : List.of(a, b)) {
      Api.expect(Api.get(Clients.operator(), "/issuers/" + ca.intermediateId()), 200);
    }
    assertThat(
            Api.expect(Api.get(Clients.operator(), "/repositories"), 200).array().stream()
                .map(r -> r.asJsonObject().getString("name")))
        .contains(aName, bName);
  }

  @Test
  void console_limitedOperator_seesOnlyOwnRepository_andIsRefusedInTheOther() {
    try (Browser browser = Browser.start("limitedOperator")) {
      browser.signIn(operator.username, operator.password);

      // The dashboard over all of the operator's repositories counts A's root and intermediate.
      browser.open("index.xhtml");
      browser.screenshot("dashboard");
      assertThat(browser.messages()).isEmpty();
      assertThat(browser.find(By.cssSelector("#count-issuers .count")).getText()).isEqualTo("2");
      browser.open("index.xhtml?repository=" + b.repositoryId());
      assertThat(browser.messages()).anyMatch(m -> m.contains(REFUSED) && m.contains(bName));

      browser.open("repositories/index.xhtml");
      browser.screenshot("repositories");
      assertThat(browser.text("repositories")).contains(aName).doesNotContain(bName);

      browser.open("certificates/index.xhtml");
      browser.screenshot("certificates");
      assertThat(options(browser, "search:repository")).containsExactly(a.repositoryId());
      assertThat(browser.text("certificates"))
          .contains(a.intermediateLabel())
          .doesNotContain(b.intermediateLabel());

      browser.open("certificates/index.xhtml?repository=" + b.repositoryId());
      browser.screenshot("certificates-other");
      assertThat(browser.messages()).anyMatch(m -> m.contains(REFUSED) && m.contains(bName));
      assertThat(browser.text("total")).endsWith(" 0");

      browser.open("certificates/view.xhtml?id=" + bCertificate);
      browser.screenshot("certificate-other");
      assertThat(browser.messages()).anyMatch(m -> m.contains(REFUSED));

      // The issue form of B's repository: its issuers and templates are refused, none offered.
      browser.open("certificates/issue.xhtml?repository=" + b.repositoryId());
      browser.screenshot("issue-other");
      assertThat(browser.messages()).anyMatch(m -> m.contains(REFUSED) && m.contains(bName));
      assertThat(options(browser, "issue:issuer")).isEmpty();
      assertThat(options(browser, "issue:template")).isEmpty();

      ConsolePages.issueFromCsr(
          browser,
          a.repositoryId(),
          a.intermediateId(),
          a.templateId(),
          CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")));
      browser.screenshot("issued-own");
      assertThat(browser.text("certificate-status")).isEqualTo("valid");
    }
  }

  private static List<String> options(Browser browser, String selectId) {
    return new Select(browser.byId(selectId))
        .getOptions().stream().map(o -> o.getDomAttribute("value")).toList();
  }

  private static String name(Ca ca) {
    return Api.expect(Api.get(Clients.admin(), "/repositories/" + ca.repositoryId()), 200)
        .json()
        .getString("name");
  }

  private static String issuedByUnlimitedOperator(Ca ca) {
    return CaFixture.issued(ca, CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")))
        .getJsonObject("certificate")
        .getString("id");
  }

  private static JsonObject certificate(String token, String id) {
    return Api.expect(Api.get(token, "/certificates/" + id), 200).json();
  }
}
