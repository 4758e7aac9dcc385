package dev.pca.enrollment.scep;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The profile a SCEP request path names: {@code /{profile}} or {@code /{profile}/pkiclient.exe}
 * after {@code /scep}, the second for clients that append the CGI name of old servers.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-4.1">RFC 8894 section 4.1</a>
 */
public record ScepPath(String profile) {
  private static final Pattern PATH =
      Pattern.compile("/([a-z0-9][a-z0-9-]{0,62})(?:/pkiclient\\.exe)?/?");

  /** Parses the servlet path info; empty for paths that name no profile. */
  public static Optional<ScepPath> parse(String pathInfo) {
    if (pathInfo == null) {
      return Optional.empty();
    }
    Matcher matcher = PATH.matcher(pathInfo);
    return matcher.matches() ? Optional.of(new ScepPath(matcher.group(1))) : Optional.empty();
  }
}
