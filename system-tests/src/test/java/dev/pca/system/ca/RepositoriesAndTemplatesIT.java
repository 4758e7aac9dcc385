package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Repositories and templates as admins and operators manage them. */
@ExtendWith(Clients.class)
class RepositoriesAndTemplatesIT {
  @Test
  void repository_createReadChangeDelete_roundTrips() {
    String name = "it-ca-" + Api.suffix();
    JsonObject created =
        Api.expect(
                Api.post(
                    Clients.admin(), "/repositories", CaFixture.repositoryBody(name, true, false)),
                201)
            .json();
    String path = "/repositories/" + created.getString("id");
    assertThat(created.getString("name")).isEqualTo(name);
    assertThat(created.getBoolean("crlEnabled")).isTrue();
    assertThat(created.getBoolean("ocspEnabled")).isFalse();
    assertThat(created.getJsonNumber("crlPeriodSeconds").longValue()).isEqualTo(86400);
    assertThat(created.getJsonNumber("ocspValiditySeconds").longValue()).isEqualTo(3600);
    JsonObject read = Api.expect(Api.get(Clients.auditor(), path), 200).json();
    assertThat(read.getString("name")).isEqualTo(name);
    assertThat(read.getBoolean("ocspEnabled")).isFalse();
    assertThat(Api.expect(Api.get(Clients.auditor(), "/repositories"), 200).array())
        .extracting(repository -> repository.asJsonObject().getString("id"))
        .contains(created.getString("id"));

    String renamed = "it-ca-" + Api.suffix();
    JsonObject changed =
        Api.expect(
                Api.put(Clients.admin(), path, CaFixture.repositoryBody(renamed, false, true)), 200)
            .json();
    assertThat(changed.getString("name")).isEqualTo(renamed);
    assertThat(changed.getBoolean("crlEnabled")).isFalse();
    assertThat(changed.getBoolean("ocspEnabled")).isTrue();

    Api.expect(Api.delete(Clients.admin(), path), 204);
    Api.expectProblem(Api.get(Clients.auditor(), path), 404);
  }

  @Test
  void repository_holdingIssuers_cannotBeDeleted409() {
    String repository = CaFixture.repository().getString("id");
    CaFixture.root(repository);

    Api.expectProblem(Api.delete(Clients.admin(), "/repositories/" + repository), 409);

    Api.expect(Api.get(Clients.auditor(), "/repositories/" + repository), 200);
  }

  @Test
  void repository_holdingTemplates_cannotBeDeleted409() {
    String repository = CaFixture.repository().getString("id");
    JsonObject template = CaFixture.template(repository);

    Api.expectProblem(Api.delete(Clients.admin(), "/repositories/" + repository), 409);

    Api.expect(Api.delete(Clients.operator(), "/templates/" + template.getString("id")), 204);
    Api.expect(Api.delete(Clients.admin(), "/repositories/" + repository), 204);
  }

  @Test
  void template_createReadChangeDelete_roundTrips() {
    String repository = CaFixture.repository().getString("id");
    JsonObject created = CaFixture.template(repository);
    String path = "/templates/" + created.getString("id");
    assertThat(created.getString("repositoryId")).isEqualTo(repository);
    JsonObject limits = created.getJsonObject("spec").getJsonObject("limits");
    assertThat(limits.getString("maxValidity")).isEqualTo("PT2160H");
    assertThat(limits.getInt("maxSans")).isEqualTo(5);
    assertThat(Api.expect(Api.get(Clients.auditor(), path), 200).json().getString("name"))
        .isEqualTo(created.getString("name"));
    assertThat(
            Api.expect(
                    Api.get(Clients.auditor(), "/repositories/" + repository + "/templates"), 200)
                .array())
        .extracting(template -> template.asJsonObject().getString("id"))
        .containsExactly(created.getString("id"));

    String renamed = "tls-server-" + Api.suffix();
    JsonObject changed =
        Api.expect(
                Api.put(
                    Clients.operator(),
                    path,
                    CaFixture.templateBody(
                        renamed, CaFixture.tlsServerSpec(l -> l.add("maxSans", 3)))),
                200)
            .json();
    assertThat(changed.getString("name")).isEqualTo(renamed);
    assertThat(changed.getJsonObject("spec").getJsonObject("limits").getInt("maxSans"))
        .isEqualTo(3);

    Api.expect(Api.delete(Clients.operator(), path), 204);
    Api.expectProblem(Api.get(Clients.auditor(), path), 404);
    Api.expect(Api.delete(Clients.admin(), "/repositories/" + repository), 204);
  }

  static Stream<Arguments> brokenTemplates() {
    Consumer<JsonObjectBuilder> same = builder -> {};
    return Stream.of(
        Arguments.of(
            Named.of(
                "maxValidity PT0S",
                (Consumer<JsonObjectBuilder>) l -> l.add("maxValidity", "PT0S")),
            same),
        Arguments.of(
            Named.of(
                "bad CIDR",
                (Consumer<JsonObjectBuilder>)
                    l -> l.add("ipRanges", CaFixture.strings("10.0.0.0/33"))),
            same),
        Arguments.of(
            Named.of("keyUsage KEY_CERT_SIGN", same),
            (Consumer<JsonObjectBuilder>)
                s -> s.add("keyUsage", CaFixture.strings("DIGITAL_SIGNATURE", "KEY_CERT_SIGN"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenTemplates")
  void template_withProblemsOfItsOwn_isRefused400WithRuleTemplate(
      Consumer<JsonObjectBuilder> limits, Consumer<JsonObjectBuilder> settings) {
    String repository = CaFixture.repository().getString("id");

    Api.Answer answer =
        Api.post(
            Clients.operator(),
            "/repositories/" + repository + "/templates",
            CaFixture.templateBody("broken-" + Api.suffix(), CaFixture.spec(limits, settings)));

    Api.expectProblem(answer, 400);
    assertThat(answer.rules()).as("%s", answer).isNotEmpty().containsOnly("TEMPLATE");
    assertThat(
            Api.expect(
                    Api.get(Clients.auditor(), "/repositories/" + repository + "/templates"), 200)
                .array())
        .isEmpty();
    Api.expect(Api.delete(Clients.admin(), "/repositories/" + repository), 204);
  }
}
