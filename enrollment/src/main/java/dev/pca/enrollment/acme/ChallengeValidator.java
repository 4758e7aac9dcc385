package dev.pca.enrollment.acme;

import dev.pca.application.Acme;

/**
 * Checks over the network that the client controls an identifier: it published the key
 * authorization where the challenge type says.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-8">RFC 8555 section 8</a>
 */
interface ChallengeValidator {
  /**
   * @throws ValidationFailure why the identifier is not proven, as the ACME error to record
   */
  void validate(Acme.Identifier identifier, String token, String keyAuthorization)
      throws ValidationFailure;

  /** The validator of a challenge type with the settings of this moment. */
  static ChallengeValidator of(String type, ValidationSettings settings) throws ValidationFailure {
    return switch (type) {
      case "http-01" -> new Http01Validator(settings);
      case "dns-01" -> new Dns01Validator(settings);
      case "tls-alpn-01" -> new TlsAlpn01Validator(settings);
      default ->
          throw new ValidationFailure(
              Acme.ProblemType.MALFORMED,
              "Challenges of type " + type + " are not validated here.");
    };
  }
}
