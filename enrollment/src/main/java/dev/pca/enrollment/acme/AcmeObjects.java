package dev.pca.enrollment.acme;

import static dev.pca.enrollment.acme.JsonFactories.BUILDERS;
import static dev.pca.enrollment.acme.JsonFactories.READERS;

import dev.pca.application.Acme;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The JSON of ACME's resources, as the server answers them: the directory, accounts, orders,
 * authorizations, challenges and ARI's renewal info. Statuses are the RFC's lower-case words, times
 * RFC 3339, links the public URLs.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.1">RFC 8555 section 7.1</a>
 */
final class AcmeObjects {
  private AcmeObjects() {}

  /** Section 7.1.1, with ARI's renewalInfo (RFC 9773 section 4.1). */
  static JsonObject directory(AcmeUrls urls) {
    return BUILDERS
        .createObjectBuilder()
        .add("newNonce", urls.newNonce())
        .add("newAccount", urls.newAccount())
        .add("newOrder", urls.newOrder())
        .add("revokeCert", urls.revokeCert())
        .add("keyChange", urls.keyChange())
        .add("renewalInfo", urls.renewalInfo())
        .add("meta", BUILDERS.createObjectBuilder().add("externalAccountRequired", true))
        .build();
  }

  /** Section 7.1.2. */
  static JsonObject account(Acme.Account account, AcmeUrls urls) {
    return BUILDERS
        .createObjectBuilder()
        .add("status", word(account.status()))
        .add(
            "contact",
            BUILDERS.createArrayBuilder(account.contact() == null ? List.of() : account.contact()))
        .add("orders", urls.orders(account.id()))
        .build();
  }

  /** Section 7.1.2.1. */
  static JsonObject orders(List<UUID> orders, AcmeUrls urls) {
    JsonArrayBuilder array = BUILDERS.createArrayBuilder();
    orders.forEach(id -> array.add(urls.order(id)));
    return BUILDERS.createObjectBuilder().add("orders", array).build();
  }

  /** Section 7.1.3, with {@code replaces} of RFC 9773 section 5. */
  static JsonObject order(Acme.Order order, AcmeUrls urls) {
    JsonArrayBuilder identifiers = BUILDERS.createArrayBuilder();
    order.identifiers().forEach(i -> identifiers.add(identifier(i)));
    JsonArrayBuilder authorizations = BUILDERS.createArrayBuilder();
    order.authorizations().forEach(id -> authorizations.add(urls.authorization(id)));
    JsonObjectBuilder json =
        BUILDERS
            .createObjectBuilder()
            .add("status", word(order.status()))
            .add("identifiers", identifiers)
            .add("authorizations", authorizations)
            .add("finalize", urls.finalizeOrder(order.id()));
    time(json, "expires", order.expires());
    time(json, "notBefore", order.notBefore());
    time(json, "notAfter", order.notAfter());
    problem(json, order.error());
    if (order.status() == Acme.OrderStatus.VALID && order.certificateId() != null) {
      json.add("certificate", urls.certificate(order.id()));
    }
    if (order.replaces() != null) {
      json.add("replaces", order.replaces());
    }
    return json.build();
  }

  /**
   * Section 7.1.4. "For valid authorizations, the challenge that was validated. For invalid
   * authorizations, the challenge that was attempted and failed."
   */
  static JsonObject authorization(Acme.Authorization authorization, AcmeUrls urls) {
    List<Acme.Challenge> shown = authorization.challenges();
    Acme.ChallengeStatus decisive =
        switch (authorization.status()) {
          case VALID -> Acme.ChallengeStatus.VALID;
          case INVALID -> Acme.ChallengeStatus.INVALID;
          default -> null;
        };
    if (decisive != null && shown.stream().anyMatch(c -> c.status() == decisive)) {
      shown = shown.stream().filter(c -> c.status() == decisive).toList();
    }
    JsonArrayBuilder challenges = BUILDERS.createArrayBuilder();
    shown.forEach(c -> challenges.add(challenge(c, urls)));
    JsonObjectBuilder json =
        BUILDERS
            .createObjectBuilder()
            .add("identifier", identifier(authorization.identifier()))
            .add("status", word(authorization.status()))
            .add("challenges", challenges);
    time(json, "expires", authorization.expires());
    if (authorization.wildcard()) {
      json.add("wildcard", true);
    }
    return json.build();
  }

  /** Section 7.1.5 and 8. */
  static JsonObject challenge(Acme.Challenge challenge, AcmeUrls urls) {
    JsonObjectBuilder json =
        BUILDERS
            .createObjectBuilder()
            .add("type", challenge.type())
            .add("url", urls.challenge(challenge.id()))
            .add("status", word(challenge.status()))
            .add("token", challenge.token());
    time(json, "validated", challenge.validated());
    problem(json, challenge.error());
    return json.build();
  }

  /** RFC 9773 section 4.2. */
  static JsonObject renewalInfo(Acme.RenewalInfo info) {
    return BUILDERS
        .createObjectBuilder()
        .add(
            "suggestedWindow",
            BUILDERS
                .createObjectBuilder()
                .add("start", info.start().toString())
                .add("end", info.end().toString()))
        .build();
  }

  static JsonObject identifier(Acme.Identifier identifier) {
    return BUILDERS
        .createObjectBuilder()
        .add("type", identifier.type())
        .add("value", identifier.value())
        .build();
  }

  private static String word(Enum<?> status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  private static void time(JsonObjectBuilder json, String name, Instant time) {
    if (time != null) {
      json.add(name, time.toString());
    }
  }

  /** The problem the core keeps as JSON text, as {@code error}; text that is none is left out. */
  private static void problem(JsonObjectBuilder json, String error) {
    if (error == null || error.isBlank()) {
      return;
    }
    try (JsonReader reader = READERS.createReader(new StringReader(error))) {
      json.add("error", reader.readObject());
    } catch (JsonException | IllegalStateException e) {
      json.add(
          "error",
          BUILDERS
              .createObjectBuilder()
              .add("type", AcmeError.URN + "serverInternal")
              .add("detail", "The error was not recorded in a readable form."));
    }
  }
}
