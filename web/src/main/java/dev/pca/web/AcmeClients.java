package dev.pca.web;

import dev.pca.application.Acme;
import java.io.Serializable;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What an ACME client is given with a new token, the same in the REST API and the console: the
 * directory URL of the token's profile, on the scheme, host and port the caller reached the server
 * on, and a certbot command line that registers an account bound to the token (RFC 8555 section
 * 7.3.4).
 */
public final class AcmeClients {
  /** The contact address the command line names, for whoever runs it to replace. */
  static final String CONTACT = "you@example.org";

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private AcmeClients() {}

  /**
   * A new token as shown to whoever made it, this once: the token's fields, its HMAC key
   * (base64url), the profile's directory URL and the certbot command line.
   */
  public record NewToken(
      UUID id,
      UUID profileId,
      String profileName,
      String keyId,
      String description,
      String createdBy,
      Instant createdAt,
      String revokedBy,
      Instant revokedAt,
      long accounts,
      String hmacKey,
      String directory,
      String certbot)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The new token for a caller who reached the server at {@code base} (see {@link #base}). */
  public static NewToken shown(Acme.NewToken made, String base) {
    Acme.Token token = made.token();
    String directory = directory(base, token.profileName());
    return new NewToken(
        token.id(),
        token.profileId(),
        token.profileName(),
        token.keyId(),
        token.description(),
        token.createdBy(),
        token.createdAt(),
        token.revokedBy(),
        token.revokedAt(),
        token.accounts(),
        made.hmacKey(),
        directory,
        certbot(directory, token.keyId(), made.hmacKey()));
  }

  /** {@code scheme://host[:port]} of a URI the caller used, the port left out where default. */
  public static String base(URI seen) {
    return base(seen.getScheme(), seen.getHost(), seen.getPort());
  }

  /** {@code scheme://host[:port]}, an IPv6 host in brackets, the scheme's default port left out. */
  public static String base(String scheme, String host, int port) {
    String bracketed = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    boolean standard =
        port < 0
            || ("http".equalsIgnoreCase(scheme) && port == 80)
            || ("https".equalsIgnoreCase(scheme) && port == 443);
    return scheme.toLowerCase(Locale.ROOT) + "://" + bracketed + (standard ? "" : ":" + port);
  }

  /** The directory URL of the ACME profile {@code profile}. */
  public static String directory(String base, String profile) {
    return base + "/acme/" + profile + "/directory";
  }

  /**
   * A certbot (2.x) command line that registers an account with the directory, bound to the token.
   * {@code --no-eff-email} because certbot otherwise offers to sign the address up for the EFF's
   * newsletter, which has nothing to do with a private CA.
   */
  public static String certbot(String directory, String keyId, String hmacKey) {
    return String.join(
        " ",
        "certbot",
        "register",
        "--server",
        shellWord(directory),
        "--eab-kid",
        shellWord(keyId),
        "--eab-hmac-key",
        shellWord(hmacKey),
        "--agree-tos",
        "--no-eff-email",
        "-m",
        CONTACT);
  }

  /** The word as a POSIX shell reads it back: quoted unless it holds only harmless characters. */
  static String shellWord(String word) {
    return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
