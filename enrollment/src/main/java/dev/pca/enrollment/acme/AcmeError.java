package dev.pca.enrollment.acme;

import static dev.pca.enrollment.acme.JsonFactories.BUILDERS;

import dev.pca.application.Acme;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ACME error as the client receives it: a problem document (RFC 7807) of an {@code
 * urn:ietf:params:acme:error:*} type with its HTTP status, and the headers some types carry
 * (Retry-After for rateLimited, Location for a key that another account has). Every refusal, the
 * core's ({@link #of(Acme.Problem)}) and the endpoint's own, becomes one here and only here;
 * details are the core's words or fixed text, never internals.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-6.7">RFC 8555 section 6.7</a>
 */
final class AcmeError extends Exception {
  static final String CONTENT_TYPE = "application/problem+json";
  static final String URN = "urn:ietf:params:acme:error:";

  private static final int MAX_DETAIL = 300;
  private static final long serialVersionUID = 1L;

  /** One identifier's own problem (section 6.7.1). */
  record Subproblem(String type, String detail, Acme.Identifier identifier) {}

  private final String type;
  private final String detail;
  private final int status;
  private final transient List<Subproblem> subproblems;
  private final transient List<String> algorithms;
  private final transient Map<String, String> headers;

  private AcmeError(
      String type,
      String detail,
      int status,
      List<Subproblem> subproblems,
      List<String> algorithms,
      Map<String, String> headers) {
    super(type + ": " + detail, null, false, false);
    this.type = type;
    this.detail = shortened(detail);
    this.status = status;
    this.subproblems = List.copyOf(subproblems);
    this.algorithms = List.copyOf(algorithms);
    this.headers = Map.copyOf(headers);
  }

  private static AcmeError of(String name, int status, String detail) {
    return new AcmeError(URN + name, detail, status, List.of(), List.of(), Map.of());
  }

  /** "The request message was malformed": 400. */
  static AcmeError malformed(String detail) {
    return of("malformed", 400, detail);
  }

  /** malformed with a transport status: 404 no such resource, 405, 413, 415. */
  static AcmeError malformed(int status, String detail) {
    return of("malformed", status, detail);
  }

  /** "The client sent an unacceptable anti-replay nonce": the client retries with the fresh one. */
  static AcmeError badNonce(String detail) {
    return of("badNonce", 400, detail);
  }

  /** "The JWS was signed with an algorithm the server does not support", with those it does. */
  static AcmeError badSignatureAlgorithm(String detail) {
    return new AcmeError(
        URN + "badSignatureAlgorithm", detail, 400, List.of(), JwsAlgorithm.names(), Map.of());
  }

  /** "The JWS was signed by a public key the server does not support." */
  static AcmeError badPublicKey(String detail) {
    return of("badPublicKey", 400, detail);
  }

  static AcmeError unauthorized(String detail) {
    return of("unauthorized", 403, detail);
  }

  static AcmeError invalidContact(String detail) {
    return of("invalidContact", 400, detail);
  }

  static AcmeError unsupportedContact(String detail) {
    return of("unsupportedContact", 400, detail);
  }

  /** Section 7.3.5: "the server MUST return ... 409 (Conflict) ... Location header field". */
  static AcmeError conflict(String detail, String location) {
    return new AcmeError(
        URN + "malformed", detail, 409, List.of(), List.of(), Map.of("Location", location));
  }

  /** An unexpected failure: the client learns the correlation id of the logged detail only. */
  static AcmeError serverInternal(String correlation) {
    return of(
        "serverInternal",
        500,
        "The server could not serve the request (correlation id " + correlation + ").");
  }

  /** The core's refusal, in the core's words. */
  static AcmeError of(Acme.Problem problem) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (problem.type() == Acme.ProblemType.RATE_LIMITED) {
      Duration after = problem.retryAfter() == null ? Duration.ofMinutes(1) : problem.retryAfter();
      headers.put("Retry-After", Long.toString(Math.max(1, after.toSeconds())));
    }
    return new AcmeError(
        problem.type().urn(),
        String.valueOf(problem.getMessage()),
        status(problem.type()),
        problem.subproblems().stream()
            .map(s -> new Subproblem(s.type().urn(), s.detail(), s.identifier()))
            .toList(),
        List.of(),
        headers);
  }

  /** A problem of the core's types made here, as challenge validation reports them. */
  static AcmeError of(Acme.ProblemType type, String detail) {
    return new AcmeError(type.urn(), detail, status(type), List.of(), List.of(), Map.of());
  }

  /** The HTTP status of each type, as Boulder answers them and certbot and acme4j expect. */
  static int status(Acme.ProblemType type) {
    return switch (type) {
      case UNAUTHORIZED, ORDER_NOT_READY -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT, ALREADY_REPLACED -> 409;
      case RATE_LIMITED -> 429;
      case SERVER_INTERNAL -> 500;
      default -> 400;
    };
  }

  String type() {
    return type;
  }

  String detail() {
    return detail;
  }

  int status() {
    return status;
  }

  List<Subproblem> subproblems() {
    return subproblems;
  }

  Map<String, String> headers() {
    return headers;
  }

  JsonObject json() {
    JsonObjectBuilder json =
        BUILDERS
            .createObjectBuilder()
            .add("type", type)
            .add("detail", detail)
            .add("status", status);
    if (!subproblems.isEmpty()) {
      JsonArrayBuilder array = BUILDERS.createArrayBuilder();
      for (Subproblem subproblem : subproblems) {
        JsonObjectBuilder sub =
            BUILDERS
                .createObjectBuilder()
                .add("type", subproblem.type())
                .add("detail", shortened(String.valueOf(subproblem.detail())));
        if (subproblem.identifier() != null) {
          sub.add("identifier", AcmeObjects.identifier(subproblem.identifier()));
        }
        array.add(sub);
      }
      json.add("subproblems", array);
    }
    if (!algorithms.isEmpty()) {
      json.add("algorithms", BUILDERS.createArrayBuilder(algorithms));
    }
    return json.build();
  }

  /** The problem as JSON text, as the core keeps a failed challenge's error. */
  String jsonText() {
    return json().toString();
  }

  /** One line of at most {@value #MAX_DETAIL} characters. */
  private static String shortened(String detail) {
    String line = detail.replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 3) + "...";
  }
}
