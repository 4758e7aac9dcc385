package dev.pca.enrollment.acme;

import dev.pca.application.Actor;
import java.util.UUID;

/**
 * A POST that passed the JWS checks, with what its handler needs: the profile's URLs and id, the
 * URL it was sent to, what signed it, and the actor the core audits it as.
 */
record AcmeCall(AcmeUrls urls, UUID profileId, String url, JwsVerifier.Signed signed, Actor actor) {

  /** {@code acme:<profile>:<account id>}, or {@code :new} before there is an account. */
  static Actor actor(String profile, UUID accountId, String remoteAddress) {
    return new Actor(
        "acme:" + profile + ":" + (accountId == null ? "new" : accountId.toString()),
        remoteAddress);
  }

  UUID accountId() {
    return signed.accountId();
  }

  Jws jws() {
    return signed.jws();
  }
}
