package dev.pca.enrollment.acme;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an ACME request goes: {@code /acme/{profile}/} and then the directory, one of its
 * operations, or a resource by id. The layout, below the profile:
 *
 * <pre>
 * directory            GET          new-nonce       HEAD, GET
 * new-account          POST         new-order       POST
 * revoke-cert          POST         key-change      POST
 * renewal-info/{certID} GET         acct/{id}       POST
 * acct/{id}/orders     POST         order/{id}      POST
 * order/{id}/finalize  POST         cert/{order id} POST
 * authz/{id}           POST         chall/{id}      POST
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.1">RFC 8555 section 7.1</a>
 */
record AcmePath(String profile, Resource resource, String id) {
  /** A resource of the layout and the methods it answers. */
  enum Resource {
    DIRECTORY("directory", "GET"),
    NEW_NONCE("new-nonce", "GET, HEAD"),
    NEW_ACCOUNT("new-account", "POST"),
    NEW_ORDER("new-order", "POST"),
    REVOKE_CERT("revoke-cert", "POST"),
    KEY_CHANGE("key-change", "POST"),
    RENEWAL_INFO("renewal-info", "GET"),
    ACCOUNT("acct", "POST"),
    ORDERS("acct", "POST"),
    ORDER("order", "POST"),
    FINALIZE("order", "POST"),
    CERTIFICATE("cert", "POST"),
    AUTHORIZATION("authz", "POST"),
    CHALLENGE("chall", "POST");

    private final String segment;
    private final String allow;

    Resource(String segment, String allow) {
      this.segment = segment;
      this.allow = allow;
    }

    String segment() {
      return segment;
    }

    /** The Allow header's value. */
    String allow() {
      return allow;
    }

    boolean allows(String method) {
      return allow.contains(method);
    }
  }

  private static final Pattern PATH =
      Pattern.compile(
          "/([a-z0-9][a-z0-9-]{0,62})/(?:(directory|new-nonce|new-account|new-order|revoke-cert"
              + "|key-change)|(renewal-info)/([A-Za-z0-9_.=-]{1,512})"
              + "|(acct|order|cert|authz|chall)/([0-9a-fA-F-]{1,36})(/orders|/finalize)?)");

  static Optional<AcmePath> parse(String pathInfo) {
    if (pathInfo == null) {
      return Optional.empty();
    }
    Matcher m = PATH.matcher(pathInfo);
    if (!m.matches()) {
      return Optional.empty();
    }
    String profile = m.group(1);
    if (m.group(2) != null) {
      return Optional.of(new AcmePath(profile, operation(m.group(2)), null));
    }
    if (m.group(3) != null) {
      return Optional.of(new AcmePath(profile, Resource.RENEWAL_INFO, m.group(4)));
    }
    String kind = m.group(5);
    String suffix = m.group(7);
    Resource resource;
    if (suffix == null) {
      resource =
          switch (kind) {
            case "acct" -> Resource.ACCOUNT;
            case "order" -> Resource.ORDER;
            case "cert" -> Resource.CERTIFICATE;
            case "authz" -> Resource.AUTHORIZATION;
            default -> Resource.CHALLENGE;
          };
    } else if (suffix.equals("/orders") && kind.equals("acct")) {
      resource = Resource.ORDERS;
    } else if (suffix.equals("/finalize") && kind.equals("order")) {
      resource = Resource.FINALIZE;
    } else {
      return Optional.empty();
    }
    return Optional.of(new AcmePath(profile, resource, m.group(6)));
  }

  /** The resource's id; an id that is none answers as a resource that does not exist. */
  UUID uuid() throws AcmeError {
    try {
      UUID uuid = UUID.fromString(id);
      if (uuid.toString().equalsIgnoreCase(id)) {
        return uuid;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw AcmeError.malformed(404, "No such resource.");
  }

  private static Resource operation(String segment) {
    for (Resource resource : Resource.values()) {
      if (resource.segment().equals(segment)) {
        return resource;
      }
    }
    throw new IllegalArgumentException(segment);
  }
}
