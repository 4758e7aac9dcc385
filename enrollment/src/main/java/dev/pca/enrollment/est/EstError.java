package dev.pca.enrollment.est;

import dev.pca.application.CaException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An EST answer other than success: "the server MUST specify either an HTTP 4xx error or an HTTP
 * 5xx error ... If the content-type is not set, the response data MUST be a plaintext
 * human-readable error message". The core's refusals become these in {@link #of} alone; texts are
 * the core's own words or fixed, never internals.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030#section-4.2.3">RFC 7030 section 4.2.3</a>
 */
final class EstError extends Exception {
  /** How long a device waits before it asks again while the token is unavailable. */
  static final int TOKEN_RETRY_SECONDS = 30;

  private static final int MAX_DETAIL = 300;
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String text;
  private final transient Map<String, String> headers;

  EstError(int status, String text, Map<String, String> headers) {
    super(text == null ? Integer.toString(status) : status + " " + text, null, false, false);
    this.status = status;
    this.text = text;
    this.headers = Map.copyOf(headers);
  }

  static EstError of(int status, String text) {
    return new EstError(status, text, Map.of());
  }

  static EstError badRequest(String text) {
    return of(400, text);
  }

  /**
   * 401 with the challenge of HTTP Basic, for a profile whose devices give a password. No body: the
   * challenge says it all, and Bouncy Castle's EST client, which closes a 401 unread to answer it,
   * fails on one that has a body.
   */
  static EstError basicChallenge() {
    return new EstError(
        401, null, Map.of("WWW-Authenticate", "Basic realm=\"est\", charset=\"UTF-8\""));
  }

  /** 403 for a request a person or the template refused after it had waited for approval. */
  static EstError rejected(String reason) {
    return of(403, "The request was rejected: " + shortened(String.valueOf(reason)));
  }

  /**
   * The answer to a refusal of the core. {@code basic} says whether the device proved itself with a
   * password (so that 401 can name the scheme to use), rather than with its TLS certificate, for
   * which HTTP has no challenge.
   */
  static EstError of(CaException refusal, boolean basic) {
    return switch (refusal.reason()) {
      case UNAUTHENTICATED ->
          basic
              ? basicChallenge()
              : of(
                  403,
                  "A current certificate of this profile's CA is needed over TLS: none was"
                      + " presented, or it is revoked, expired or of another CA.");
      case POLICY -> badRequest("The request breaks the profile's template: " + broken(refusal));
      case BAD_CSR -> badRequest("The CSR is not acceptable: " + detail(refusal));
      case INVALID -> badRequest("The request is not acceptable: " + detail(refusal));
      case NOT_FOUND -> of(404, "No EST profile of this label.");
      case DISABLED -> of(403, "This EST profile is disabled.");
      case FORBIDDEN -> of(403, "This request is not allowed.");
      case QUOTA_SPENT -> of(403, "The CA may issue no more certificates.");
      case CONFLICT -> of(409, "The request conflicts with the profile: " + detail(refusal));
      case TOKEN ->
          new EstError(
              503,
              "The CA's key is not available now; try again later.",
              Map.of("Retry-After", Integer.toString(TOKEN_RETRY_SECONDS)));
    };
  }

  void write(HttpServletResponse response) throws IOException {
    headers.forEach(response::setHeader);
    if (text == null) {
      EstServlet.empty(response, status);
    } else {
      EstServlet.text(response, status, text);
    }
  }

  int status() {
    return status;
  }

  String text() {
    return text;
  }

  Map<String, String> headers() {
    return headers;
  }

  private static String broken(CaException refusal) {
    if (refusal.violations().isEmpty()) {
      return detail(refusal);
    }
    return shortened(
        refusal.violations().stream()
            .map(v -> v.rule() + " (" + v.detail() + ")")
            .collect(Collectors.joining("; ")));
  }

  private static String detail(CaException refusal) {
    return shortened(String.valueOf(refusal.getMessage()));
  }

  /** One line of at most {@value #MAX_DETAIL} characters. */
  private static String shortened(String detail) {
    String line = detail.replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 3) + "...";
  }
}
