package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.application.Acme;
import dev.pca.application.Acme.ProblemType;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcmeErrorTest {
  @Test
  void of_coreProblems_haveTheStatusClientsExpect() {
    assertThat(status(ProblemType.MALFORMED)).isEqualTo(400);
    assertThat(status(ProblemType.UNAUTHORIZED)).isEqualTo(403);
    assertThat(status(ProblemType.ORDER_NOT_READY)).isEqualTo(403);
    assertThat(status(ProblemType.ACCOUNT_DOES_NOT_EXIST)).isEqualTo(400);
    assertThat(status(ProblemType.EXTERNAL_ACCOUNT_REQUIRED)).isEqualTo(400);
    assertThat(status(ProblemType.ALREADY_REVOKED)).isEqualTo(400);
    assertThat(status(ProblemType.BAD_CSR)).isEqualTo(400);
    assertThat(status(ProblemType.CONFLICT)).isEqualTo(409);
    assertThat(status(ProblemType.NOT_FOUND)).isEqualTo(404);
    assertThat(status(ProblemType.RATE_LIMITED)).isEqualTo(429);
    assertThat(status(ProblemType.SERVER_INTERNAL)).isEqualTo(500);
  }

  @Test
  void of_rateLimited_carriesRetryAfter() {
    AcmeError error =
        AcmeError.of(
            new Acme.Problem(
                ProblemType.RATE_LIMITED, "Too many orders.", List.of(), Duration.ofSeconds(90)));

    assertThat(error.headers()).containsEntry("Retry-After", "90");
    assertThat(error.json().getString("type")).isEqualTo("urn:ietf:params:acme:error:rateLimited");
  }

  @Test
  void json_hasTypeDetailStatusAndSubproblems() {
    Acme.Identifier name = new Acme.Identifier("dns", "a.forbidden");
    AcmeError error =
        AcmeError.of(
            new Acme.Problem(
                ProblemType.REJECTED_IDENTIFIER,
                "Refused.",
                List.of(new Acme.Subproblem(ProblemType.REJECTED_IDENTIFIER, "Not here.", name)),
                null));

    JsonObject json = error.json();

    assertThat(json.getString("type")).isEqualTo("urn:ietf:params:acme:error:rejectedIdentifier");
    assertThat(json.getString("detail")).isEqualTo("Refused.");
    assertThat(json.getInt("status")).isEqualTo(400);
    JsonObject sub = json.getJsonArray("subproblems").getJsonObject(0);
    assertThat(sub.getString("type")).endsWith(":rejectedIdentifier");
    assertThat(sub.getJsonObject("identifier").getString("value")).isEqualTo("a.forbidden");
  }

  @Test
  void badSignatureAlgorithm_listsTheAlgorithms() {
    JsonObject json = AcmeError.badSignatureAlgorithm("no").json();

    assertThat(json.getJsonArray("algorithms").getValuesAs(jakarta.json.JsonString::getString))
        .contains("ES256", "RS256", "EdDSA");
  }

  @Test
  void serverInternal_showsTheCorrelationIdOnly() {
    AcmeError error = AcmeError.serverInternal("abc-123");

    assertThat(error.status()).isEqualTo(500);
    assertThat(error.detail()).contains("abc-123").doesNotContain("Exception");
  }

  @Test
  void detail_isOneShortLine() {
    AcmeError error = AcmeError.malformed("a\nb " + "x".repeat(1000));

    assertThat(error.detail()).doesNotContain("\n").hasSizeLessThanOrEqualTo(300);
  }

  private static int status(ProblemType type) {
    return AcmeError.of(new Acme.Problem(type, "x")).status();
  }
}
