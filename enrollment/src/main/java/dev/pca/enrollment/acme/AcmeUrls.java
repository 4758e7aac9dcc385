package dev.pca.enrollment.acme;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The public URLs of one ACME profile, {@code <scheme>://<host[:port]>/acme/{profile}/...}, as the
 * client reached the server: the scheme of the request and its Host header. The server's own
 * context root (the rewrite to the enrollment WAR) never shows. A Host header that is no host name
 * or address is not echoed: the server's own name stands instead.
 *
 * @see AcmePath for the layout
 */
record AcmeUrls(String origin, String profile) {
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\])(?::[0-9]{1,5})?");

  /** The origin of a request: scheme, and the Host header if it is one, else the server's name. */
  static String origin(String scheme, String hostHeader, String serverName, int serverPort) {
    String host;
    if (hostHeader != null && HOST.matcher(hostHeader).matches()) {
      host = hostHeader;
    } else {
      boolean standard =
          (scheme.equals("http") && serverPort == 80)
              || (scheme.equals("https") && serverPort == 443);
      String name = serverName.contains(":") ? "[" + serverName + "]" : serverName;
      host = standard ? name : name + ":" + serverPort;
    }
    return scheme + "://" + host;
  }

  String base() {
    return origin + "/acme/" + profile;
  }

  /** The URL a request for this path was sent to, as its JWS must name it. */
  String of(String pathInfo) {
    return origin + "/acme" + pathInfo;
  }

  String directory() {
    return base() + "/directory";
  }

  String newNonce() {
    return base() + "/new-nonce";
  }

  String newAccount() {
    return base() + "/new-account";
  }

  String newOrder() {
    return base() + "/new-order";
  }

  String revokeCert() {
    return base() + "/revoke-cert";
  }

  String keyChange() {
    return base() + "/key-change";
  }

  String renewalInfo() {
    return base() + "/renewal-info";
  }

  String account(UUID id) {
    return base() + "/acct/" + id;
  }

  String orders(UUID accountId) {
    return account(accountId) + "/orders";
  }

  String order(UUID id) {
    return base() + "/order/" + id;
  }

  String finalizeOrder(UUID id) {
    return order(id) + "/finalize";
  }

  String certificate(UUID orderId) {
    return base() + "/cert/" + orderId;
  }

  String authorization(UUID id) {
    return base() + "/authz/" + id;
  }

  String challenge(UUID id) {
    return base() + "/chall/" + id;
  }

  /**
   * The account a {@code kid} names: an account URL of this profile. Only its path counts, so that
   * a client that reached the server by another name keeps its account.
   */
  Optional<UUID> accountId(String kid) {
    try {
      URI uri = new URI(kid);
      if (uri.getScheme() == null || uri.getRawPath() == null) {
        return Optional.empty();
      }
      Optional<AcmePath> path = AcmePath.parse(uri.getRawPath().replaceFirst("^/acme(?=/)", ""));
      if (!uri.getRawPath().startsWith("/acme/")
          || path.isEmpty()
          || path.get().resource() != AcmePath.Resource.ACCOUNT
          || !path.get().profile().equals(profile)) {
        return Optional.empty();
      }
      return Optional.of(path.get().uuid());
    } catch (URISyntaxException | AcmeError e) {
      return Optional.empty();
    }
  }
}
