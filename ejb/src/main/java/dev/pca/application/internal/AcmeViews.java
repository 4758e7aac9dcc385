package dev.pca.application.internal;

import dev.pca.application.Acme;
import dev.pca.domain.model.acme.AcmeAccount;
import dev.pca.domain.model.acme.AcmeAuthorization;
import dev.pca.domain.model.acme.AcmeChallenge;
import dev.pca.domain.model.acme.AcmeOrder;
import dev.pca.domain.model.acme.AcmeToken;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The ACME records of the core's interface, made from the entities, and the JSON they keep. */
final class AcmeViews {
  private AcmeViews() {}

  static String contactJson(List<String> contact) {
    return TemplatesBean.JSON.toJson(contact == null ? List.of() : contact);
  }

  static List<String> contact(String json) {
    return List.of(TemplatesBean.JSON.fromJson(json, String[].class));
  }

  static String identifiersJson(List<Acme.Identifier> identifiers) {
    return TemplatesBean.JSON.toJson(identifiers);
  }

  static List<Acme.Identifier> identifiers(String json) {
    return List.of(TemplatesBean.JSON.fromJson(json, Acme.Identifier[].class));
  }

  static Acme.Token token(AcmeToken t, String profileName, long accounts) {
    return new Acme.Token(
        t.id(),
        t.profileId(),
        profileName,
        t.keyId(),
        t.description(),
        t.createdBy(),
        t.createdAt(),
        t.revokedBy(),
        t.revokedAt(),
        accounts);
  }

  static Acme.Account account(AcmeAccount a) {
    return new Acme.Account(
        a.id(),
        a.profileId(),
        Acme.AccountStatus.valueOf(a.status().name()),
        a.jwk(),
        a.thumbprint(),
        contact(a.contact()),
        a.tokenId(),
        a.createdAt());
  }

  static Acme.Order order(AcmeOrder o, Instant now) {
    return new Acme.Order(
        o.id(),
        o.accountId(),
        Acme.OrderStatus.valueOf(o.status(now).name()),
        o.expires(),
        identifiers(o.identifiers()),
        o.notBefore(),
        o.notAfter(),
        o.authorizations(),
        o.error(),
        o.certificateId(),
        o.replaces());
  }

  static Acme.Authorization authorization(
      AcmeAuthorization a, List<AcmeChallenge> challenges, Instant now) {
    return new Acme.Authorization(
        a.id(),
        a.accountId(),
        new Acme.Identifier(a.identifierType(), a.identifierValue()),
        Acme.AuthorizationStatus.valueOf(a.status(now).name()),
        a.expires(),
        a.wildcard(),
        challenges.stream()
            .sorted(Comparator.comparing(AcmeChallenge::type))
            .map(AcmeViews::challenge)
            .toList());
  }

  static Acme.Challenge challenge(AcmeChallenge c) {
    return new Acme.Challenge(
        c.id(),
        c.authorizationId(),
        c.type(),
        c.token(),
        Acme.ChallengeStatus.valueOf(c.status().name()),
        c.validatedAt(),
        c.error());
  }
}
