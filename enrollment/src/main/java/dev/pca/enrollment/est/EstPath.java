package dev.pca.enrollment.est;

import java.util.Optional;
import java.util.Set;

/**
 * The parts of an EST request path: {@code /[label/]operation} after {@code /.well-known/est}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030#section-3.2.2">RFC 7030 section 3.2.2</a>
 */
public record EstPath(String label, String operation) {
  /** The label used when a request names none. */
  public static final String DEFAULT_LABEL = "default";

  static final Set<String> OPERATIONS =
      Set.of("cacerts", "simpleenroll", "simplereenroll", "csrattrs", "serverkeygen");

  /** The HTTP method of the operation: RFC 7030 defines GET for cacerts and csrattrs, else POST. */
  public String method() {
    return operation.equals("cacerts") || operation.equals("csrattrs") ? "GET" : "POST";
  }

  /** Parses the servlet path info; empty for paths that name no EST operation. */
  public static Optional<EstPath> parse(String pathInfo) {
    if (pathInfo == null) {
      return Optional.empty();
    }
    String[] parts = pathInfo.substring(1).split("/", -1);
    if (parts.length == 1 && OPERATIONS.contains(parts[0])) {
      return Optional.of(new EstPath(DEFAULT_LABEL, parts[0]));
    }
    // "a label ... MUST NOT be one of the operation path segments" (RFC 7030 3.2.2)
    if (parts.length == 2
        && OPERATIONS.contains(parts[1])
        && parts[0].matches("[A-Za-z0-9_.-]{1,64}")
        && !OPERATIONS.contains(parts[0])) {
      return Optional.of(new EstPath(parts[0], parts[1]));
    }
    return Optional.empty();
  }
}
