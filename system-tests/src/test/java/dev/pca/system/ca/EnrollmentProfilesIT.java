package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.ca.CaFixture.Ca;
import jakarta.json.JsonObject;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Enrollment profiles through REST: what an administrator may set up for SCEP and EST devices, the
 * secrets shown once, one-time challenges, and every refusal of a profile that could not work.
 * Devices enrolling through the profiles are the SCEP and EST tests' part.
 */
@ExtendWith(Clients.class)
class EnrollmentProfilesIT {
  private static Ca ca;

  @BeforeAll
  static void makeCa() {
    ca = CaFixture.newCa();
  }

  /** A profile's request body, made at once and without approval. */
  static String draft(
      String name,
      String issuerId,
      String templateId,
      String protocol,
      String authentication,
      String username) {
    return CaFixture.enrollmentDraft(
        name, issuerId, templateId, protocol, authentication, username, false, false);
  }

  /** Makes a profile under the CA's intermediate and template; its id. */
  static String profile(Ca ca, String protocol, String authentication, String username) {
    return created(
            ca,
            draft(
                name(protocol),
                ca.intermediateId(),
                ca.templateId(),
                protocol,
                authentication,
                username))
        .getJsonObject("profile")
        .getString("id");
  }

  static JsonObject created(Ca ca, String body) {
    return CaFixture.enrollmentProfile(ca, body);
  }

  private static JsonObject created(String body) {
    return created(ca, body);
  }

  private static String name(String protocol) {
    return protocol.toLowerCase(Locale.ROOT) + "-" + Api.suffix().toLowerCase(Locale.ROOT);
  }

  private static Api.Answer attempt(String body) {
    return Api.post(
        Clients.admin(), "/repositories/" + ca.repositoryId() + "/enrollment-profiles", body);
  }

  @Test
  void scepProfile_showsItsChallengeOnce_andHasAnRaCertificate() {
    JsonObject created =
        created(
            draft(name("SCEP"), ca.intermediateId(), ca.templateId(), "SCEP", "CHALLENGE", null));
    JsonObject profile = created.getJsonObject("profile");
    assertThat(created.getString("secret")).matches("[a-z2-9]{32}");
    assertThat(profile.getString("raSerial")).matches("[0-9a-f]+");
    assertThat(profile.getString("issuerLabel")).isEqualTo(ca.intermediate().getString("label"));

    String id = profile.getString("id");
    String read = Api.expect(Api.get(Clients.auditor(), "/enrollment-profiles/" + id), 200).body();
    assertThat(read).doesNotContain(created.getString("secret")).doesNotContain("\"secret\"");
    assertThat(
            Api.expect(
                    Api.get(
                        Clients.operator(),
                        "/repositories/" + ca.repositoryId() + "/enrollment-profiles"),
                    200)
                .body())
        .contains(id);
    assertThat(auditActions(id)).contains("enrollment.profile.create", "enrollment.ra.issue");
  }

  @Test
  void newSecret_replacesTheOldOne_onlyForProfilesWithOne() {
    JsonObject created =
        created(
            draft(
                name("EST"), ca.intermediateId(), ca.templateId(), "EST", "HTTP_BASIC", "router"));
    String id = created.getJsonObject("profile").getString("id");
    JsonObject renewed =
        Api.expect(Api.post(Clients.admin(), "/enrollment-profiles/" + id + "/secret", null), 200)
            .json();
    assertThat(renewed.getString("secret"))
        .matches("[a-z2-9]{32}")
        .isNotEqualTo(created.getString("secret"));

    String oneTime = profile(ca, "SCEP", "ONE_TIME_CHALLENGE", null);
    Api.expectProblem(
        Api.post(Clients.admin(), "/enrollment-profiles/" + oneTime + "/secret", null), 400);
  }

  @Test
  void oneTimeChallenge_isMadeByAnOperator_withinAYear() {
    String id = profile(ca, "SCEP", "ONE_TIME_CHALLENGE", null);
    JsonObject challenge =
        Api.expect(
                Api.post(
                    Clients.operator(),
                    "/enrollment-profiles/" + id + "/challenges",
                    "{\"device\":\"router-7\",\"validitySeconds\":3600}"),
                201)
            .json();
    assertThat(challenge.getString("password")).matches("[a-z2-9]{32}");
    assertThat(challenge.getString("device")).isEqualTo("router-7");
    assertThat(challenge.getString("expiresAt")).isNotBlank();

    Api.expectProblem(
        Api.post(
            Clients.operator(),
            "/enrollment-profiles/" + id + "/challenges",
            "{\"device\":\"router-8\",\"validitySeconds\":99999999}"),
        400);
    Api.expectProblem(
        Api.post(
            Clients.operator(), "/enrollment-profiles/" + id + "/challenges", "{\"device\":\"\"}"),
        400);
    String shared = profile(ca, "SCEP", "CHALLENGE", null);
    Api.expectProblem(
        Api.post(
            Clients.operator(),
            "/enrollment-profiles/" + shared + "/challenges",
            "{\"device\":\"x\"}"),
        400);
  }

  @Test
  void profilesThatCouldNotWork_areRefusedWithTheirReason_andNothingIsMade() {
    String repository = "/repositories/" + ca.repositoryId() + "/enrollment-profiles";
    int before = Api.jsonArray(Api.expect(Api.get(Clients.admin(), repository), 200).body()).size();

    Api.expectProblem(
        attempt(draft(name("EST"), ca.intermediateId(), ca.templateId(), "EST", "CHALLENGE", null)),
        400);
    Api.expectProblem(
        attempt(
            draft(name("SCEP"), ca.intermediateId(), ca.templateId(), "SCEP", "HTTP_BASIC", "u")),
        400);
    Api.expectProblem(
        attempt(
            draft(name("EST"), ca.intermediateId(), ca.templateId(), "EST", "HTTP_BASIC", null)),
        400);
    Api.expectProblem(
        attempt(draft(name("SCEP"), ca.rootId(), ca.templateId(), "SCEP", "CHALLENGE", null)), 400);
    Api.expectProblem(
        attempt(
            draft("Not A Name", ca.intermediateId(), ca.templateId(), "SCEP", "CHALLENGE", null)),
        400);
    Ca other = CaFixture.newCa();
    Api.expectProblem(
        attempt(
            draft(
                name("SCEP"), other.intermediateId(), ca.templateId(), "SCEP", "CHALLENGE", null)),
        400);
    String taken = name("SCEP");
    created(draft(taken, ca.intermediateId(), ca.templateId(), "SCEP", "CHALLENGE", null));
    Api.expectProblem(
        attempt(draft(taken, ca.intermediateId(), ca.templateId(), "SCEP", "CHALLENGE", null)),
        409);

    assertThat(Api.jsonArray(Api.expect(Api.get(Clients.admin(), repository), 200).body()))
        .hasSize(before + 1);
  }

  @Test
  void disabledThenDeleted_profileIsGone_andItsRaKeyDestroyed() {
    String id = profile(ca, "SCEP", "CHALLENGE", null);
    JsonObject off =
        Api.expect(
                Api.put(
                    Clients.admin(),
                    "/enrollment-profiles/" + id + "/enabled",
                    "{\"enabled\":false}"),
                200)
            .json();
    assertThat(off.getBoolean("enabled")).isFalse();
    Api.expect(Api.delete(Clients.admin(), "/enrollment-profiles/" + id), 204);
    Api.expectProblem(Api.get(Clients.admin(), "/enrollment-profiles/" + id), 404);
    assertThat(auditActions(id))
        .contains(
            "enrollment.profile.disable", "enrollment.ra.destroy", "enrollment.profile.delete");
  }

  private static java.util.List<String> auditActions(String objectId) {
    return Api.jsonArray(
            Api.expect(Api.get(Clients.auditor(), "/audit?objectId=" + objectId + "&limit=50"), 200)
                .body())
        .getValuesAs(JsonObject.class)
        .stream()
        .map(event -> event.getString("action"))
        .toList();
  }
}
