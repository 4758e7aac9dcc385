package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.ca.CaFixture.Ca;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit log as auditors read it: every kind of action leaves an event naming who did it and
 * from where, refusals are recorded too, and the hash chain notices an event edited in the
 * database.
 */
@ExtendWith(Clients.class)
class AuditIT {
  @Test
  void audit_adminActions_recordedWithActorAndSourceAddress() {
    Ca ca = CaFixture.newCa();

    assertOneEvent(ca.repositoryId(), "repository.create", Clients.Role.ADMIN);
    assertOneEvent(ca.rootId(), "issuer.create-root", Clients.Role.ADMIN);
    assertOneEvent(ca.intermediateId(), "issuer.create-intermediate", Clients.Role.ADMIN);
  }

  @Test
  void audit_operatorActions_recordedWithActorAndSourceAddress() {
    Ca ca = CaFixture.newCa();
    String csr = CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com"));
    String id = CaFixture.issued(ca, csr).getJsonObject("certificate").getString("id");
    String certificate = "/certificates/" + id;
    Api.expect(
        Api.post(Clients.operator(), certificate + "/revoke", reason("CERTIFICATE_HOLD")), 200);
    Api.expect(Api.post(Clients.operator(), certificate + "/release", null), 200);
    String renewed =
        Api.expect(
                Api.post(
                    Clients.operator(),
                    certificate + "/renew",
                    Json.createObjectBuilder()
                        .add(
                            "csr",
                            CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")))
                        .build()
                        .toString()),
                201)
            .json()
            .getJsonObject("certificate")
            .getString("id");
    Api.expect(Api.post(Clients.operator(), certificate + "/revoke", reason("SUPERSEDED")), 200);

    assertOneEvent(ca.templateId(), "template.create", Clients.Role.OPERATOR);
    assertOneEvent(id, "certificate.issue", Clients.Role.OPERATOR);
    assertOneEvent(id, "certificate.hold", Clients.Role.OPERATOR);
    assertOneEvent(id, "certificate.release", Clients.Role.OPERATOR);
    assertOneEvent(id, "certificate.revoke", Clients.Role.OPERATOR);
    // A renewal is about two certificates; the event names one of them.
    List<JsonObject> renewals =
        events(
            "actor="
                + Api.query(Clients.name(Clients.Role.OPERATOR))
                + "&action=certificate.renew&limit=50");
    assertThat(renewals)
        .filteredOn(event -> Set.of(id, renewed).contains(event.getString("objectId")))
        .hasSize(1)
        .allSatisfy(event -> assertActorAndSource(event, Clients.Role.OPERATOR));

    // Newest first: the life of the first certificate, read backwards.
    List<JsonObject> life = events("objectId=" + id + "&limit=50");
    assertThat(life)
        .extracting(event -> event.getJsonNumber("seq").longValue())
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(life)
        .extracting(event -> event.getString("action"))
        .filteredOn(action -> !action.equals("certificate.renew"))
        .containsExactly(
            "certificate.revoke", "certificate.release", "certificate.hold", "certificate.issue");
  }

  @Test
  void audit_refusedIssuance_recordedWithOutcomeRefused() {
    Ca ca = CaFixture.newCa();
    long newest = newestSeq();
    String csr =
        CaFixture.csr(
            "CN=a.example.com", CaFixture.dns("a.example.com"), CaFixture.dns("www.example.org"));

    Api.expectProblem(CaFixture.issue(ca.intermediateId(), ca.templateId(), csr, null), 422);

    List<JsonObject> refused =
        events("actor=" + Api.query(Clients.name(Clients.Role.OPERATOR)) + "&limit=200").stream()
            .filter(event -> event.getJsonNumber("seq").longValue() > newest)
            .filter(event -> "REFUSED".equals(event.getString("outcome")))
            .filter(event -> aboutIssuing(event, ca.intermediateId()))
            .toList();
    assertThat(refused).hasSize(1);
    assertActorAndSource(refused.get(0), Clients.Role.OPERATOR);
  }

  @Test
  void audit_eventEditedInDatabase_breaksVerificationAtItsSeqUntilRestored() {
    String repository = CaFixture.repository().getString("id");
    JsonObject event = assertOneEvent(repository, "repository.create", Clients.Role.ADMIN);
    long seq = event.getJsonNumber("seq").longValue();
    String detail = event.getString("detail");
    // Verifying seals what has committed, so the event is in the chain before it is edited.
    JsonObject before = verify();
    assertThat(before.getBoolean("intact")).as("the chain before tampering").isTrue();

    try {
      sql("update audit_event set detail = detail || ' tampered' where seq = " + seq);
      assertThat(onlyEvent(repository, "repository.create").getString("detail"))
          .isEqualTo(detail + " tampered");

      JsonObject broken = verify();

      assertThat(broken.getBoolean("intact")).as("%s", broken).isFalse();
      assertThat(broken.getJsonNumber("firstBrokenSeq").longValue())
          .as("%s", broken)
          .isEqualTo(seq);
    } finally {
      sql(
          "update audit_event set detail = substr(detail, 1, length(detail) - 9) where seq = "
              + seq
              + " and right(detail, 9) = ' tampered'");
    }
    assertThat(onlyEvent(repository, "repository.create").getString("detail")).isEqualTo(detail);
    JsonObject restored = verify();
    assertThat(restored.getBoolean("intact")).as("%s", restored).isTrue();
    assertThat(Api.absent(restored, "firstBrokenSeq")).isTrue();
    assertThat(restored.getJsonNumber("eventsChecked").longValue())
        .isGreaterThanOrEqualTo(before.getJsonNumber("eventsChecked").longValue());
  }

  // ---- helpers ----

  /** The one event of that action about that object, checked for actor and source address. */
  private static JsonObject assertOneEvent(String objectId, String action, Clients.Role role) {
    JsonObject event = onlyEvent(objectId, action);
    assertThat(event.getString("objectId")).isEqualTo(objectId);
    assertThat(event.getString("outcome")).isNotEqualTo("REFUSED");
    assertThat(event.getString("objectType")).isNotBlank();
    assertThat(Api.absent(event, "at")).isFalse();
    assertActorAndSource(event, role);
    return event;
  }

  private static JsonObject onlyEvent(String objectId, String action) {
    List<JsonObject> found = events("objectId=" + objectId + "&action=" + Api.query(action));
    assertThat(found).as("%s events of %s", action, objectId).hasSize(1);
    return found.get(0);
  }

  private static void assertActorAndSource(JsonObject event, Clients.Role role) {
    assertThat(event.getString("actor")).as("%s", event).isEqualTo(Clients.name(role));
    String source = event.getString("sourceAddress", "");
    assertThat(source).as("%s", event).isNotBlank().isNotEqualTo("unknown");
    if (isLoopback(URI.create(Api.WILDFLY).getHost())) {
      // The tests call over loopback, so that is where the server saw them come from.
      assertThat(isLoopback(source)).as("%s", event).isTrue();
    }
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** A refusal recorded about issuing from {@code issuerId}, whatever names the action. */
  private static boolean aboutIssuing(JsonObject event, String issuerId) {
    String action = event.getString("action", "");
    String objectId = event.getString("objectId", "");
    return action.startsWith("certificate.")
        || action.contains(issuerId)
        || objectId.equals(issuerId);
  }

  private static List<JsonObject> events(String query) {
    return Api.expect(Api.get(Clients.auditor(), "/audit?" + query), 200)
        .array()
        .getValuesAs(JsonObject.class);
  }

  private static long newestSeq() {
    List<JsonObject> newest = events("limit=1");
    return newest.isEmpty() ? 0 : newest.get(0).getJsonNumber("seq").longValue();
  }

  private static JsonObject verify() {
    return Api.expect(Api.post(Clients.auditor(), "/audit/verify", null), 200).json();
  }

  private static String reason(String reason) {
    return Json.createObjectBuilder()
        .add("reason", reason)
        .addNull("invalidityDate")
        .build()
        .toString();
  }

  /** One statement in the stack's PostgreSQL, as the CA's own database user. */
  private static void sql(String statement) {
    Stack.Run run =
        Api.run(
            List.of(
                "psql",
                "-h",
                System.getProperty("pca.db.host", "127.0.0.1"),
                "-p",
                System.getProperty("pca.db.port", "5432"),
                "-U",
                Api.optionalSecret("PCA_DB_USER").orElse("pca"),
                "-d",
                System.getProperty("pca.db.name", "pca"),
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                statement),
            Map.of("PGPASSWORD", Api.secret("PCA_DB_PASSWORD"), "PGCONNECT_TIMEOUT", "10"));
    assertThat(run.timedOut()).as("%s", run).isFalse();
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stdout()).as("%s", run).contains("UPDATE 1");
  }
}
