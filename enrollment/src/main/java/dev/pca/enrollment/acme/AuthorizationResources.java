package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.UUID;

/**
 * Authorizations and their challenges: look-up, deactivation by the client, and the client's "I am
 * ready" that starts a validation.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.5">RFC 8555 section 7.5</a>
 */
final class AuthorizationResources {
  private final Acme acme;
  private final Validations validations;

  AuthorizationResources(Acme acme, Validations validations) {
    this.acme = acme;
    this.validations = validations;
  }

  /** Section 7.5 and 7.5.2: POST-as-GET, or {@code {"status": "deactivated"}}. */
  AcmeResponse authorization(AcmeCall call, UUID authorizationId) throws AcmeError, Acme.Problem {
    Acme.Authorization authorization;
    if (call.jws().postAsGet()) {
      authorization = acme.authorization(call.accountId(), authorizationId);
    } else {
      JsonObject payload = call.jws().payloadObject();
      if (!(payload.get("status") instanceof JsonString status)
          || !status.getString().equals("deactivated")) {
        throw AcmeError.malformed("An authorization may only be deactivated by its client.");
      }
      authorization = acme.deactivateAuthorization(call.actor(), call.accountId(), authorizationId);
    }
    return AcmeResponse.json(200, AcmeObjects.authorization(authorization, call.urls()));
  }

  /**
   * Section 7.5.1: POST-as-GET shows the challenge; any JSON object (the RFC's is "{}") asks the
   * server to validate it. The answer waits a moment for the outcome, else shows it processing, and
   * links up to its authorization.
   */
  AcmeResponse challenge(AcmeCall call, UUID challengeId) throws AcmeError, Acme.Problem {
    Acme.Challenge challenge;
    if (call.jws().postAsGet()) {
      challenge = acme.challenge(call.accountId(), challengeId);
    } else {
      call.jws().payloadObject();
      challenge = acme.startChallenge(call.actor(), call.accountId(), challengeId);
      if (challenge.status() == Acme.ChallengeStatus.PROCESSING) {
        challenge = validations.validate(call.actor(), call.signed().account(), challenge);
      }
    }
    return AcmeResponse.json(200, AcmeObjects.challenge(challenge, call.urls()))
        .withHeader(
            "Link", "<" + call.urls().authorization(challenge.authorizationId()) + ">;rel=\"up\"");
  }
}
