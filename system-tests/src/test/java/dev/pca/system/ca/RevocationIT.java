package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.ca.CaFixture.Ca;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Revoking, holding and releasing certificates, with the history each step leaves. */
@ExtendWith(Clients.class)
class RevocationIT {
  private static Ca ca;

  @BeforeAll
  static void makeCa() {
    ca = CaFixture.newCa();
  }

  @Test
  void revoke_withReason_marksRevokedAndRecordsActorInHistory() {
    String id = newCertificate();

    JsonObject revoked = Api.expect(revoke(id, "KEY_COMPROMISE"), 200).json();

    assertThat(revoked.getString("id")).isEqualTo(id);
    assertThat(revoked.getString("status")).isEqualTo("REVOKED");
    assertThat(revoked.getString("revocationReason")).isEqualTo("KEY_COMPROMISE");
    assertThat(Api.absent(revoked, "revokedAt")).isFalse();
    assertThat(certificate(id).getString("status")).isEqualTo("REVOKED");

    List<JsonObject> history = history(id);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).getString("action")).isEqualTo("REVOKE");
    assertThat(history.get(0).getString("reason")).isEqualTo("KEY_COMPROMISE");
    assertThat(history.get(0).getString("actor")).isEqualTo(Clients.name(Clients.Role.OPERATOR));
    assertThat(Api.absent(history.get(0), "at")).isFalse();

    JsonObject page =
        Api.expect(
                Api.get(
                    Clients.auditor(),
                    "/certificates?issuerId=" + ca.intermediateId() + "&status=REVOKED"),
                200)
            .json();
    assertThat(page.getJsonArray("items").getValuesAs(JsonObject.class))
        .extracting(item -> item.getString("id"))
        .contains(id);
  }

  @Test
  void revoke_withInvalidityDate_keepsIt() {
    String id = newCertificate();
    String invalidSince =
        Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).toString();

    JsonObject revoked =
        Api.expect(
                Api.post(
                    Clients.operator(),
                    "/certificates/" + id + "/revoke",
                    Json.createObjectBuilder()
                        .add("reason", "KEY_COMPROMISE")
                        .add("invalidityDate", invalidSince)
                        .build()
                        .toString()),
                200)
            .json();

    assertThat(Instant.parse(revoked.getString("invalidityDate")))
        .isEqualTo(Instant.parse(invalidSince));
  }

  @Test
  void revoke_alreadyRevoked_answers409AndKeepsFirstRevocation() {
    String id = newCertificate();
    Api.expect(revoke(id, "SUPERSEDED"), 200);

    Api.expectProblem(revoke(id, "KEY_COMPROMISE"), 409);

    assertThat(certificate(id).getString("revocationReason")).isEqualTo("SUPERSEDED");
    assertThat(history(id)).hasSize(1);
  }

  @Test
  void hold_thenRelease_makesValidAgainWithHoldAndReleaseInHistory() {
    String id = newCertificate();

    JsonObject held = Api.expect(revoke(id, "CERTIFICATE_HOLD"), 200).json();
    assertThat(held.getString("status")).isEqualTo("ON_HOLD");
    assertThat(certificate(id).getString("status")).isEqualTo("ON_HOLD");

    JsonObject released = Api.expect(release(id), 200).json();
    assertThat(released.getString("status")).isEqualTo("VALID");
    assertThat(certificate(id).getString("status")).isEqualTo("VALID");

    List<JsonObject> history = history(id);
    assertThat(history)
        .extracting(step -> step.getString("action"))
        .containsExactly("HOLD", "RELEASE");
    assertThat(history)
        .extracting(step -> step.getString("actor"))
        .containsOnly(Clients.name(Clients.Role.OPERATOR));
  }

  @Test
  void release_ofValidCertificate_answers409() {
    String id = newCertificate();

    Api.expectProblem(release(id), 409);

    assertThat(certificate(id).getString("status")).isEqualTo("VALID");
    assertThat(history(id)).isEmpty();
  }

  @Test
  void release_ofRevokedCertificate_answers409AndStaysRevoked() {
    String id = newCertificate();
    Api.expect(revoke(id, "KEY_COMPROMISE"), 200);

    Api.expectProblem(release(id), 409);

    assertThat(certificate(id).getString("status")).isEqualTo("REVOKED");
  }

  @Test
  void revoke_intermediatesOwnCertificate_disablesThatIntermediate() {
    JsonObject intermediate = CaFixture.intermediate(ca.rootId(), "EC_P256", 365);
    String issuerId = intermediate.getString("id");
    String csr = CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com"));
    Api.expect(CaFixture.issue(issuerId, ca.templateId(), csr, null), 201);
    String caCertificate = certificateOfIssuer(intermediate);

    Api.expect(revoke(caCertificate, "KEY_COMPROMISE"), 200);

    assertThat(CaFixture.issuer(issuerId).getBoolean("enabled")).isFalse();
    Api.expectProblem(CaFixture.issue(issuerId, ca.templateId(), csr, null), 409);
    assertThat(CaFixture.certificateTotal(issuerId)).isEqualTo(1);
    // Its sibling, signed by the same root, still issues.
    Api.expect(CaFixture.issue(ca.intermediateId(), ca.templateId(), csr, null), 201);
  }

  // ---- helpers ----

  private static String newCertificate() {
    return CaFixture.issued(ca, CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")))
        .getJsonObject("certificate")
        .getString("id");
  }

  /** The id of the intermediate's own certificate, found among those its root signed. */
  private static String certificateOfIssuer(JsonObject intermediate) {
    BigInteger serial = new BigInteger(intermediate.getString("serial"), 16);
    List<JsonObject> signedByRoot =
        Api.expect(
                Api.get(Clients.auditor(), "/certificates?issuerId=" + ca.rootId() + "&limit=500"),
                200)
            .json()
            .getJsonArray("items")
            .getValuesAs(JsonObject.class);
    return signedByRoot.stream()
        .filter(item -> new BigInteger(item.getString("serial"), 16).equals(serial))
        .map(item -> item.getString("id"))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no certificate of serial " + serial + " in " + signedByRoot));
  }

  private static Api.Answer revoke(String id, String reason) {
    return Api.post(
        Clients.operator(),
        "/certificates/" + id + "/revoke",
        Json.createObjectBuilder()
            .add("reason", reason)
            .addNull("invalidityDate")
            .build()
            .toString());
  }

  private static Api.Answer release(String id) {
    return Api.post(Clients.operator(), "/certificates/" + id + "/release", null);
  }

  private static JsonObject certificate(String id) {
    return Api.expect(Api.get(Clients.auditor(), "/certificates/" + id), 200).json();
  }

  private static List<JsonObject> history(String id) {
    return Api.expect(Api.get(Clients.auditor(), "/certificates/" + id + "/history"), 200)
        .array()
        .getValuesAs(JsonObject.class);
  }
}
