package dev.pca.domain.policy;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * uniformResourceIdentifier syntax. RFC 5280 4.2.1.6: "The name MUST NOT be a relative URI, and it
 * MUST follow the URI syntax and encoding rules specified in [RFC3986]. The name MUST include both
 * a scheme (e.g., "http" or "ftp") and a scheme-specific-part."
 */
final class UriNames {
  private UriNames() {}

  /** Why {@code value} is not an absolute URI we would issue, or null when it is one. */
  static String problem(String value) {
    if (!isPrintableAscii(value)) {
      return "has a character outside printable ASCII (it is an IA5String)";
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return "is not a URI (" + e.getReason() + ")";
    }
    if (!uri.isAbsolute()) {
      return "is not absolute (it has no scheme)";
    }
    // "spiffe://example.org/ns/a/../b" starts with the prefix ".../ns/a/" yet names ".../ns/b"
    // once a relying party normalises it; getPath() decodes, so "%2e%2e" is caught as well.
    if (uri.getPath() != null && hasDotSegment(uri.getPath())) {
      return "has a \".\" or \"..\" path segment";
    }
    return null;
  }

  /**
   * Why {@code prefix} is not a usable template prefix, or null. A prefix with an authority must
   * close it with "/": "https://example.org" would also allow "https://example.org.evil.net/".
   */
  static String prefixProblem(String prefix) {
    if (prefix.isEmpty() || !isPrintableAscii(prefix)) {
      return "must be non-empty printable ASCII";
    }
    int colon = prefix.indexOf(':');
    if (colon < 1 || !isScheme(prefix.substring(0, colon))) {
      return "must start with a scheme and \":\"";
    }
    int authority = colon + 1;
    if (prefix.startsWith("//", authority) && prefix.indexOf('/', authority + 2) < 0) {
      return "must end its authority with \"/\", or it also allows longer host names";
    }
    return null;
  }

  private static boolean hasDotSegment(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** RFC 3986 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
  private static boolean isScheme(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      boolean other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
      if (!alpha && (i == 0 || !other)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPrintableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }
}
