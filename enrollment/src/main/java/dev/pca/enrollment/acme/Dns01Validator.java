package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import java.util.List;

/**
 * dns-01: "the server ... queries for TXT records for the validation domain name", {@code
 * _acme-challenge.NAME}, and one of them must be base64url(SHA-256(key authorization)). For a
 * wildcard, NAME is the name without "*.", as the authorization has it. Never for ip identifiers.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-8.4">RFC 8555 section 8.4</a>
 */
final class Dns01Validator implements ChallengeValidator {
  private final ValidationSettings settings;

  Dns01Validator(ValidationSettings settings) {
    this.settings = settings;
  }

  @Override
  public void validate(Acme.Identifier identifier, String token, String keyAuthorization)
      throws ValidationFailure {
    if (!identifier.type().equals("dns")) {
      throw ValidationFailure.unauthorized("dns-01 validates DNS names only.");
    }
    String name = "_acme-challenge." + identifier.value();
    String expected = Base64Url.encode(KeyAuthorization.digest(keyAuthorization));
    List<String> records = new DnsClient(settings.dnsResolver(), settings.timeout()).txt(name);
    if (records.isEmpty()) {
      throw ValidationFailure.unauthorized("No TXT record found at " + name + ".");
    }
    if (records.stream().noneMatch(expected::equals)) {
      throw ValidationFailure.incorrectResponse(
          "Incorrect TXT record "
              + ValidationFailure.quoted(records.get(0), 64)
              + (records.size() > 1 ? " (and " + (records.size() - 1) + " more)" : "")
              + " found at "
              + name
              + ".");
    }
  }
}
