package dev.pca.application.internal;

import dev.pca.application.Acme;
import dev.pca.application.Acme.Problem;
import dev.pca.application.Acme.ProblemType;
import dev.pca.application.Actor;
import dev.pca.application.AuditLog;
import dev.pca.application.CaException;
import dev.pca.application.Enrollments;
import dev.pca.domain.model.acme.AcmeAccount;
import dev.pca.domain.model.acme.AcmeToken;
import dev.pca.domain.model.enrollment.EnrollmentProfile;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The tokens of ACME profiles (key id and HMAC key for external account binding): made and revoked
 * by the people of the profile's repository, and checked when a client binds a new account.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4">RFC 8555 section 7.3.4</a>
 */
@Stateless
public class AcmeTokens {
  private static final int MAX_DESCRIPTION = 255;

  @PersistenceContext private EntityManager em;
  @EJB private AuditLog audit;

  public Acme.NewToken create(Actor actor, UUID profileId, String description) throws CaException {
    EnrollmentProfile profile = scoped(actor, profile(em, profileId));
    String text = description == null || description.isBlank() ? null : description.strip();
    if (text != null && text.length() > MAX_DESCRIPTION) {
      throw new CaException(
          CaException.Reason.INVALID,
          "a token's description has at most " + MAX_DESCRIPTION + " characters");
    }
    byte[] key = AcmeSecrets.newHmacKey();
    AcmeToken token =
        new AcmeToken(profileId, AcmeSecrets.newKeyId(), key, text, actor.name(), Instant.now());
    em.persist(token);
    audit.success(
        actor,
        "acme.token.create",
        "acme-token",
        token.id(),
        "profile=%s keyId=%s".formatted(profile.name(), token.keyId()));
    return new Acme.NewToken(AcmeViews.token(token, profile.name(), 0), AcmeSecrets.base64url(key));
  }

  public List<Acme.Token> list(Actor actor, UUID profileId) throws CaException {
    EnrollmentProfile profile = scoped(actor, profile(em, profileId));
    return em
        .createQuery(
            "select t, (select count(a) from AcmeAccount a where a.tokenId = t.id)"
                + " from AcmeToken t where t.profileId = :p order by t.createdAt desc",
            Object[].class)
        .setParameter("p", profileId)
        .getResultList()
        .stream()
        .map(row -> AcmeViews.token((AcmeToken) row[0], profile.name(), (Long) row[1]))
        .toList();
  }

  /**
   * Revokes the token, and with it the accounts bound with it: an account of a revoked token is
   * REVOKED (RFC 8555 section 7.1.6, "revoked" by the server), so it orders nothing more.
   */
  public Acme.Token revoke(Actor actor, UUID tokenId) throws CaException {
    AcmeToken token = em.find(AcmeToken.class, tokenId, LockModeType.PESSIMISTIC_WRITE);
    if (token == null) {
      throw new CaException(CaException.Reason.NOT_FOUND, "no ACME token " + tokenId);
    }
    EnrollmentProfile profile = scoped(actor, profile(em, token.profileId()));
    if (token.revoked()) {
      throw new CaException(CaException.Reason.CONFLICT, "the token was revoked already");
    }
    token.revoke(actor.name(), Instant.now());
    int accounts =
        em.createQuery(
                "update AcmeAccount a set a.status = :revoked, a.version = a.version + 1"
                    + " where a.tokenId = :t and a.status = :valid")
            .setParameter("revoked", AcmeAccount.Status.REVOKED)
            .setParameter("valid", AcmeAccount.Status.VALID)
            .setParameter("t", tokenId)
            .executeUpdate();
    audit.success(
        actor,
        "acme.token.revoke",
        "acme-token",
        tokenId,
        "profile=%s keyId=%s accounts revoked=%d"
            .formatted(profile.name(), token.keyId(), accounts));
    long bound =
        em.createQuery("select count(a) from AcmeAccount a where a.tokenId = :t", Long.class)
            .setParameter("t", tokenId)
            .getSingleResult();
    return AcmeViews.token(token, profile.name(), bound);
  }

  /**
   * The token an external account binding names, if it belongs to the profile, is not revoked and
   * its MAC verifies; UNAUTHORIZED otherwise, and the refusal is audited. The token's row is read
   * under a shared lock, so that a revocation running at the same time either comes first and
   * refuses the binding, or waits and then revokes the new account too.
   */
  public AcmeToken bound(Actor client, UUID profileId, Acme.Binding binding) throws Problem {
    if (AcmeSecrets.macAlgorithm(binding.algorithm()) == null) {
      throw new Problem(
          ProblemType.MALFORMED,
          "an external account binding is signed with HS256, HS384 or HS512");
    }
    AcmeToken token =
        em
            .createQuery("select t from AcmeToken t where t.keyId = :k", AcmeToken.class)
            .setParameter("k", binding.keyId())
            .setLockMode(LockModeType.PESSIMISTIC_READ)
            .getResultList()
            .stream()
            .findFirst()
            .orElse(null);
    String refusal =
        token == null || !token.profileId().equals(profileId)
            ? "unknown key id"
            : token.revoked()
                ? "the token is revoked"
                : !AcmeSecrets.macVerifies(
                        token.hmacKey(), binding.algorithm(), binding.signingInput(), binding.mac())
                    ? "the MAC does not verify"
                    : null;
    if (refusal != null) {
      audit.refusal(
          client,
          "acme.account.create",
          "enrollment-profile",
          profileId,
          "keyId=%s refused: %s".formatted(shown(binding.keyId()), refusal));
      throw new Problem(
          ProblemType.UNAUTHORIZED, "the external account binding does not admit the account");
    }
    return token;
  }

  /** The ACME profile, NOT_FOUND when there is none of that id. */
  static EnrollmentProfile profile(EntityManager em, UUID id) throws CaException {
    EnrollmentProfile profile = em.find(EnrollmentProfile.class, id);
    if (profile == null
        || !profile.settings().protocol().equals(Enrollments.Protocol.ACME.name())) {
      throw new CaException(CaException.Reason.NOT_FOUND, "no ACME profile " + id);
    }
    return profile;
  }

  private EnrollmentProfile scoped(Actor actor, EnrollmentProfile profile) throws CaException {
    Scope.require(actor, Lookups.repository(em, profile.repositoryId()));
    return profile;
  }

  /** A key id as the audit log shows it: it comes from the client, so bounded and plain. */
  private static String shown(String keyId) {
    if (keyId == null) {
      return "(none)";
    }
    String cut = keyId.length() > 64 ? keyId.substring(0, 64) + "..." : keyId;
    return cut.replaceAll("[^A-Za-z0-9_.-]", "?");
  }
}
