package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.ca.CaFixture.Ca;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests the CA must refuse, each with the status and broken rule the contract names, and none
 * leaving a certificate behind: the issuer's certificate count is the same after every refusal.
 */
@ExtendWith(Clients.class)
class IssuanceRefusalIT {
  /** Only read: no test here changes its issuers, and none issues from them. */
  private static Ca ca;

  @BeforeAll
  static void makeCa() {
    ca = CaFixture.newCa();
  }

  // ---- issuer hierarchy ----

  @Test
  void issue_fromRoot_isRefused400() {
    long before = CaFixture.certificateTotal(ca.rootId());

    Api.Answer answer =
        CaFixture.issue(
            ca.rootId(),
            ca.templateId(),
            CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")),
            null);

    Api.expectProblem(answer, 400);
    assertThat(CaFixture.certificateTotal(ca.rootId())).isEqualTo(before);
  }

  @Test
  void createIntermediate_underRootWithPathLength0_isRefused400() {
    String repository = CaFixture.repository().getString("id");
    JsonObject root =
        Api.expect(
                Api.post(
                    Clients.admin(),
                    "/repositories/" + repository + "/issuers",
                    CaFixture.issuerBody("it-root0", "EC_P256", 3650, 0)),
                201)
            .json();

    Api.Answer answer =
        Api.post(
            Clients.admin(),
            "/issuers/" + root.getString("id") + "/intermediates",
            CaFixture.issuerBody("it-sub", "EC_P256", 365, 0));

    Api.expectProblem(answer, 400);
    assertThat(issuersOf(repository)).containsExactly(root.getString("id"));
  }

  @Test
  void createIntermediate_underIntermediate_isRefused400() {
    List<String> before = issuersOf(ca.repositoryId());

    Api.Answer answer =
        Api.post(
            Clients.admin(),
            "/issuers/" + ca.intermediateId() + "/intermediates",
            CaFixture.issuerBody("it-subsub", "EC_P256", 365, 0));

    Api.expectProblem(answer, 400);
    assertThat(issuersOf(ca.repositoryId())).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void createIntermediate_pathLengthNotBelowRoots_isRefused400() {
    List<String> before = issuersOf(ca.repositoryId());

    Api.Answer answer =
        Api.post(
            Clients.admin(),
            "/issuers/" + ca.rootId() + "/intermediates",
            CaFixture.issuerBody("it-sub", "EC_P256", 365, 1));

    Api.expectProblem(answer, 400);
    assertThat(issuersOf(ca.repositoryId())).containsExactlyInAnyOrderElementsOf(before);
  }

  // ---- template rules: 422 with the rule broken ----

  @Test
  void issue_dnsNameOutsideSuffixes_isRefusedWithDnsName() {
    assertRefusedWith(
        "DNS_NAME",
        CaFixture.csr(
            "CN=a.example.com", CaFixture.dns("a.example.com"), CaFixture.dns("www.example.org")));
  }

  @Test
  void issue_wildcardDnsName_isRefusedWithDnsName() {
    assertRefusedWith(
        "DNS_NAME",
        CaFixture.csr(
            "CN=a.example.com", CaFixture.dns("a.example.com"), CaFixture.dns("*.example.com")));
  }

  @Test
  void issue_ipAddressOutsideRanges_isRefusedWithIpAddress() {
    assertRefusedWith(
        "IP_ADDRESS",
        CaFixture.csr(
            "CN=a.example.com", CaFixture.dns("a.example.com"), CaFixture.ip("192.168.1.10")));
  }

  @Test
  void issue_emailOfOtherDomain_isRefusedWithEmailAddress() {
    assertRefusedWith(
        "EMAIL_ADDRESS",
        CaFixture.csr(
            "CN=a.example.com",
            CaFixture.dns("a.example.com"),
            CaFixture.email("someone@example.org")));
  }

  @Test
  void issue_uriOutsidePrefixes_isRefusedWithUri() {
    assertRefusedWith(
        "URI",
        CaFixture.csr(
            "CN=a.example.com",
            CaFixture.dns("a.example.com"),
            CaFixture.uri("spiffe://other.org/workload")));
  }

  @Test
  void issue_moreSansThanAllowed_isRefusedWithSanCount() {
    List<GeneralName> sans = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      sans.add(CaFixture.dns("h" + i + ".example.com"));
    }

    assertRefusedWith(
        "SAN_COUNT", CaFixture.csr("CN=h1.example.com", sans.toArray(GeneralName[]::new)));
  }

  @Test
  void issue_cnNotAmongSans_isRefusedWithCnNotInSans() {
    assertRefusedWith(
        "CN_NOT_IN_SANS", CaFixture.csr("CN=c.example.com", CaFixture.dns("a.example.com")));
  }

  @Test
  void issue_csrSetsSubjectFieldNotAllowed_isRefusedWithSubjectField() {
    assertRefusedWith(
        "SUBJECT_FIELD",
        CaFixture.csr("CN=a.example.com,OU=Operations", CaFixture.dns("a.example.com")));
  }

  @Test
  void issue_neitherSanNorCn_isRefusedWithNoIdentity() {
    assertRefusedWith("NO_IDENTITY", CaFixture.csr(""));
  }

  @Test
  void issue_rsaKeyBelowTemplateMinimum_isRefusedWithKeySize() {
    JsonObject template =
        CaFixture.template(
            ca.repositoryId(),
            CaFixture.tlsServerSpec(
                limits -> limits.add("allowedKeys", CaFixture.keys("EC", 256, "RSA", 3072))));
    try {
      String csr =
          CaFixture.csr(
              CaFixture.rsaKeys(2048), "CN=a.example.com", CaFixture.dns("a.example.com"));

      assertRefusedWith("KEY_SIZE", template.getString("id"), csr, null);
    } finally {
      deleteTemplate(template);
    }
  }

  @Test
  void issue_ecKeyUnderRsaOnlyTemplate_isRefusedWithKeyAlgorithm() {
    JsonObject template =
        CaFixture.template(
            ca.repositoryId(),
            CaFixture.tlsServerSpec(
                limits -> limits.add("allowedKeys", CaFixture.keys("RSA", 2048))));
    try {
      String csr = CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com"));

      assertRefusedWith("KEY_ALGORITHM", template.getString("id"), csr, null);
    } finally {
      deleteTemplate(template);
    }
  }

  @Test
  void issue_validityLongerThanTemplateMaximum_isRefusedWithMaxValidity() {
    String csr = CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com"));

    assertRefusedWith("MAX_VALIDITY", ca.templateId(), csr, 1000);
  }

  @Test
  void issue_validityBeyondIssuersNotAfter_isRefusedWithIssuerValidity() {
    JsonObject shortLived = CaFixture.intermediate(ca.rootId(), "EC_P256", 10);
    JsonObject template =
        CaFixture.template(
            ca.repositoryId(),
            CaFixture.tlsServerSpec(limits -> limits.add("maxValidity", "PT87600H")));
    try {
      String csr = CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com"));

      assertRefusedWith(
          "ISSUER_VALIDITY", shortLived.getString("id"), template.getString("id"), csr, 30);
    } finally {
      deleteTemplate(template);
    }
  }

  // ---- CSRs that are not acceptable at all: 400 ----

  @Test
  void issue_csrWithBrokenSignature_isRefused400() {
    String csr =
        CaFixture.tamperSignature(
            CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")));

    assertBadRequest(csr);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "this is not a certificate request",
        "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgY3NyIGF0IGFsbA==\n-----END CERTIFICATE REQUEST-----\n",
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
        ""
      })
  void issue_garbageCsr_isRefused400(String csr) {
    assertBadRequest(csr);
  }

  @Test
  void issue_csrLargerThan64KiB_isRefused400() {
    // Well-formed, and only too big: had the size not been checked, so many SANs would have been
    // judged and refused with 422 instead.
    List<GeneralName> sans = new ArrayList<>();
    for (int i = 0; sans.size() < 2000; i++) {
      sans.add(CaFixture.dns("host-" + i + ".a-rather-long-label-for-padding.example.com"));
    }
    String csr =
        CaFixture.csr(
            "CN=host-0.a-rather-long-label-for-padding.example.com",
            sans.toArray(GeneralName[]::new));
    assertThat(csr.length()).isGreaterThan(64 * 1024);

    Api.Answer answer = assertBadRequest(csr);
    // Refused while reading the CSR (no rule) or by the request's validation (rule "csr").
    assertThat(answer.rules()).allSatisfy(rule -> assertThat(rule).isEqualTo("csr"));
  }

  @Test
  void issue_rsa1024Key_isRefused400() {
    String csr =
        CaFixture.csr(CaFixture.rsaKeys(1024), "CN=a.example.com", CaFixture.dns("a.example.com"));

    assertBadRequest(csr);
  }

  @Test
  void issue_sanOfKindNotIssued_isRefusedAndCreatesNothing() {
    String csr =
        CaFixture.csr(
            "CN=a.example.com",
            CaFixture.dns("a.example.com"),
            new GeneralName(new X500Name("CN=someone else")));

    assertRefusedAs400Or422(csr);
  }

  @Test
  void issue_csrAskingToBeCa_isRefusedAndCreatesNothing() {
    String csr =
        CaFixture.csrWithExtension(
            "CN=a.example.com", Extension.basicConstraints, new BasicConstraints(true));

    assertRefusedAs400Or422(csr);
  }

  // ---- issuer state: 409 ----

  @Test
  void issue_fromDisabledIssuer_isRefused409UntilEnabled() {
    JsonObject intermediate = CaFixture.intermediate(ca.rootId(), "EC_P256", 365);
    String id = intermediate.getString("id");
    JsonObject disabled =
        Api.expect(Api.post(Clients.admin(), "/issuers/" + id + "/disable", null), 200).json();
    assertThat(disabled.getBoolean("enabled")).isFalse();
    String csr = CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com"));

    Api.expectProblem(CaFixture.issue(id, ca.templateId(), csr, null), 409);
    assertThat(CaFixture.certificateTotal(id)).isZero();

    JsonObject enabled =
        Api.expect(Api.post(Clients.admin(), "/issuers/" + id + "/enable", null), 200).json();
    assertThat(enabled.getBoolean("enabled")).isTrue();
    Api.expect(CaFixture.issue(id, ca.templateId(), csr, null), 201);
    assertThat(CaFixture.certificateTotal(id)).isEqualTo(1);
  }

  @Test
  void issue_quotaOfOne_firstIssues201SecondRefused409() {
    JsonObject intermediate = CaFixture.intermediate(ca.rootId(), "EC_P256", 365);
    String id = intermediate.getString("id");
    JsonObject limited =
        Api.expect(
                Api.put(
                    Clients.admin(),
                    "/issuers/" + id + "/quota",
                    Json.createObjectBuilder().add("quota", 1).build().toString()),
                200)
            .json();
    assertThat(limited.getJsonNumber("quotaRemaining").longValue()).isEqualTo(1);

    Api.expect(
        CaFixture.issue(
            id,
            ca.templateId(),
            CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")),
            null),
        201);
    Api.Answer second =
        CaFixture.issue(
            id,
            ca.templateId(),
            CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")),
            null);

    Api.expectProblem(second, 409);
    assertThat(CaFixture.certificateTotal(id)).isEqualTo(1);
    assertThat(CaFixture.issuer(id).getJsonNumber("quotaRemaining").longValue()).isZero();
  }

  // ---- helpers ----

  /** A tls-server request from the shared intermediate that must break exactly {@code rule}. */
  private static void assertRefusedWith(String rule, String csr) {
    assertRefusedWith(rule, ca.templateId(), csr, null);
  }

  private static void assertRefusedWith(
      String rule, String templateId, String csr, Integer validityDays) {
    assertRefusedWith(rule, ca.intermediateId(), templateId, csr, validityDays);
  }

  private static void assertRefusedWith(
      String rule, String issuerId, String templateId, String csr, Integer validityDays) {
    long before = CaFixture.certificateTotal(issuerId);

    Api.Answer answer = CaFixture.issue(issuerId, templateId, csr, validityDays);

    Api.expectProblem(answer, 422);
    assertThat(answer.rules()).as("%s", answer).isNotEmpty().containsOnly(rule);
    assertThat(CaFixture.certificateTotal(issuerId)).isEqualTo(before);
  }

  private static Api.Answer assertBadRequest(String csr) {
    long before = CaFixture.certificateTotal(ca.intermediateId());

    Api.Answer answer = CaFixture.issue(ca.intermediateId(), ca.templateId(), csr, null);

    Api.expectProblem(answer, 400);
    assertThat(CaFixture.certificateTotal(ca.intermediateId())).isEqualTo(before);
    return answer;
  }

  private static void assertRefusedAs400Or422(String csr) {
    long before = CaFixture.certificateTotal(ca.intermediateId());

    Api.Answer answer = CaFixture.issue(ca.intermediateId(), ca.templateId(), csr, null);

    assertThat(answer.status()).as("%s", answer).isIn(400, 422);
    assertThat(answer.contentType()).as("%s", answer).startsWith(Api.PROBLEM_JSON);
    assertThat(CaFixture.certificateTotal(ca.intermediateId())).isEqualTo(before);
  }

  private static List<String> issuersOf(String repositoryId) {
    return Api.expect(Api.get(Clients.admin(), "/repositories/" + repositoryId + "/issuers"), 200)
        .array()
        .getValuesAs(JsonObject.class)
        .stream()
        .map(issuer -> issuer.getString("id"))
        .toList();
  }

  /** Nothing was issued under it, so it can go. */
  private static void deleteTemplate(JsonObject template) {
    Api.expect(Api.delete(Clients.operator(), "/templates/" + template.getString("id")), 204);
  }
}
