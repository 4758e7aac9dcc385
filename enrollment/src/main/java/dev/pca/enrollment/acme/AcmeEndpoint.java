package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import dev.pca.application.CaException;
import dev.pca.application.Enrollments;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ACME over HTTP, without the servlet: routes a request by its path, checks its JWS, calls the
 * handler of its resource, and answers every failure as a problem document in {@link #handle}
 * alone. Every answer carries a fresh Replay-Nonce and the directory as Link rel="index".
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-6">RFC 8555 section 6</a>
 */
final class AcmeEndpoint {
  private static final Logger LOG = Logger.getLogger(AcmeEndpoint.class.getName());

  /** A JWS with an RSA-8192 CSR or certificate stays far below this. */
  static final int MAX_BODY = 64 * 1024;

  /** The enrollment profiles of protocol ACME, by name. */
  @FunctionalInterface
  interface Profiles {
    /**
     * @throws CaException NOT_FOUND when there is none, DISABLED when it is switched off
     */
    Enrollments.Endpoint endpoint(String name) throws CaException;
  }

  private final Profiles profiles;
  private final Nonces nonces;
  private final JwsVerifier verifier;
  private final AccountResources accounts;
  private final OrderResources orders;
  private final AuthorizationResources authorizations;
  private final CertificateResources certificates;

  AcmeEndpoint(Acme acme, Profiles profiles, Nonces nonces, Validations validations) {
    this.profiles = profiles;
    this.nonces = nonces;
    this.verifier = new JwsVerifier(acme, nonces);
    this.accounts = new AccountResources(acme);
    this.orders = new OrderResources(acme);
    this.authorizations = new AuthorizationResources(acme, validations);
    this.certificates = new CertificateResources(acme);
  }

  AcmeResponse handle(AcmeRequest request) {
    Optional<AcmePath> path = AcmePath.parse(request.pathInfo());
    AcmeResponse response;
    try {
      if (path.isEmpty()) {
        throw AcmeError.malformed(404, "No such ACME resource.");
      }
      response = route(request, path.get());
    } catch (AcmeError e) {
      response = AcmeResponse.problem(e);
    } catch (Acme.Problem e) {
      response = AcmeResponse.problem(AcmeError.of(e));
    } catch (RuntimeException e) {
      String correlation = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "ACME request failed, correlation id " + correlation, e);
      response = AcmeResponse.problem(AcmeError.serverInternal(correlation));
    }
    // "The server MUST include a Replay-Nonce header field in every successful response to a POST
    // request and SHOULD provide it in error responses as well."
    response = response.withHeader("Replay-Nonce", nonces.next());
    if (path.isPresent()) {
      AcmeUrls urls = new AcmeUrls(request.origin(), path.get().profile());
      response = response.withHeader("Link", "<" + urls.directory() + ">;rel=\"index\"");
    }
    return response;
  }

  private AcmeResponse route(AcmeRequest request, AcmePath path) throws AcmeError, Acme.Problem {
    AcmePath.Resource resource = path.resource();
    if (!resource.allows(request.method())) {
      // Section 6.3: resources are fetched with POST-as-GET; GET answers 405.
      AcmeError error =
          AcmeError.malformed(405, "Use " + resource.allow() + " for this ACME resource.");
      return AcmeResponse.problem(error).withHeader("Allow", resource.allow());
    }
    Enrollments.Endpoint profile = profile(path.profile());
    AcmeUrls urls = new AcmeUrls(request.origin(), path.profile());
    switch (resource) {
      case DIRECTORY:
        return AcmeResponse.json(200, AcmeObjects.directory(urls));
      case NEW_NONCE:
        // Section 7.2: 200 to HEAD, 204 to GET, and "Cache-Control: no-store" to both.
        return AcmeResponse.empty(request.method().equals("HEAD") ? 200 : 204)
            .withHeader("Cache-Control", "no-store");
      case RENEWAL_INFO:
        return certificates.renewalInfo(profile.profileId(), path.id());
      default:
        return post(request, path, profile, urls);
    }
  }

  private AcmeResponse post(
      AcmeRequest request, AcmePath path, Enrollments.Endpoint profile, AcmeUrls urls)
      throws AcmeError, Acme.Problem {
    if (request.body().length > MAX_BODY) {
      throw AcmeError.malformed(413, "An ACME request has at most " + MAX_BODY + " bytes.");
    }
    if (!mediaType(request.contentType()).equals(Jws.CONTENT_TYPE)) {
      throw AcmeError.malformed(415, "Send ACME requests as " + Jws.CONTENT_TYPE + ".");
    }
    JwsVerifier.KeyBy keyBy =
        switch (path.resource()) {
          case NEW_ACCOUNT -> JwsVerifier.KeyBy.JWK;
          case REVOKE_CERT -> JwsVerifier.KeyBy.EITHER;
          default -> JwsVerifier.KeyBy.KID;
        };
    String url = urls.of(request.pathInfo());
    JwsVerifier.Signed signed =
        verifier.verify(request.body(), url, urls, profile.profileId(), keyBy);
    AcmeCall call =
        new AcmeCall(
            urls,
            profile.profileId(),
            url,
            signed,
            AcmeCall.actor(path.profile(), signed.accountId(), request.remoteAddress()));
    return switch (path.resource()) {
      case NEW_ACCOUNT -> accounts.newAccount(call);
      case ACCOUNT -> accounts.account(call, path.uuid());
      case ORDERS -> accounts.orders(call, path.uuid());
      case KEY_CHANGE -> accounts.keyChange(call);
      case NEW_ORDER -> orders.newOrder(call);
      case ORDER -> orders.order(call, path.uuid());
      case FINALIZE -> orders.finalizeOrder(call, path.uuid());
      case CERTIFICATE -> orders.certificate(call, path.uuid());
      case AUTHORIZATION -> authorizations.authorization(call, path.uuid());
      case CHALLENGE -> authorizations.challenge(call, path.uuid());
      case REVOKE_CERT -> certificates.revoke(call);
      default -> throw new IllegalStateException("not a POST resource: " + path.resource());
    };
  }

  /** The ACME profile of this name; unknown is 404, disabled 403 unauthorized. */
  private Enrollments.Endpoint profile(String name) throws AcmeError {
    try {
      return profiles.endpoint(name);
    } catch (CaException e) {
      switch (e.reason()) {
        case NOT_FOUND -> throw AcmeError.malformed(404, "No ACME profile of this name.");
        case DISABLED -> throw AcmeError.unauthorized("This ACME profile is disabled.");
        default -> throw new IllegalStateException("the ACME profile could not be read", e);
      }
    }
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }
}
