package dev.pca.enrollment.acme;

import dev.pca.application.Acme;

/**
 * Why a challenge did not validate, as the ACME error the client will see in the challenge's {@code
 * error}: connection, dns, tls, unauthorized or incorrectResponse, with a detail that names what
 * was asked and what came back (never a stack trace).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-8.2">RFC 8555 section 8.2</a>
 */
final class ValidationFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final Acme.ProblemType type;

  ValidationFailure(Acme.ProblemType type, String detail) {
    super(detail, null, false, false);
    this.type = type;
  }

  static ValidationFailure connection(String detail) {
    return new ValidationFailure(Acme.ProblemType.CONNECTION, detail);
  }

  static ValidationFailure dns(String detail) {
    return new ValidationFailure(Acme.ProblemType.DNS, detail);
  }

  static ValidationFailure tls(String detail) {
    return new ValidationFailure(Acme.ProblemType.TLS, detail);
  }

  static ValidationFailure unauthorized(String detail) {
    return new ValidationFailure(Acme.ProblemType.UNAUTHORIZED, detail);
  }

  static ValidationFailure incorrectResponse(String detail) {
    return new ValidationFailure(Acme.ProblemType.INCORRECT_RESPONSE, detail);
  }

  Acme.ProblemType type() {
    return type;
  }

  /** The problem document, as the core keeps it on the challenge. */
  AcmeError problem() {
    return AcmeError.of(type, getMessage());
  }

  /** Text from the peer, made printable and short, to quote in a detail. */
  static String quoted(String text, int max) {
    StringBuilder quoted = new StringBuilder();
    for (int i = 0; i < text.length() && quoted.length() < max; i++) {
      char c = text.charAt(i);
      quoted.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return "\"" + quoted + (text.length() > max ? "..." : "") + "\"";
  }
}
