package dev.pca.application.internal;

import dev.pca.application.Acme;
import dev.pca.application.Acme.Problem;
import dev.pca.application.Acme.ProblemType;
import dev.pca.domain.model.acme.AcmeAuthorization;
import dev.pca.domain.model.acme.AcmeChallenge;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What becomes of authorizations and their orders as challenges are validated or authorizations
 * given up: a valid authorization makes the orders whose authorizations are all valid ready; an
 * invalid or deactivated one makes its open orders invalid.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.1.6">RFC 8555 section 7.1.6</a>
 */
@Stateless
public class AcmeAuthorizations {
  /** An order's error when the client deactivated one of its authorizations. */
  static final String DEACTIVATED =
      "{\"type\":\"urn:ietf:params:acme:error:unauthorized\","
          + "\"detail\":\"an authorization of the order was deactivated\"}";

  /** An order's error when a challenge failed and the validation said nothing more. */
  static final String FAILED =
      "{\"type\":\"urn:ietf:params:acme:error:incorrectResponse\","
          + "\"detail\":\"a challenge of the order failed\"}";

  @PersistenceContext private EntityManager em;

  public Acme.Challenge start(UUID accountId, UUID challengeId) throws Problem {
    AcmeBean.validAccount(em, accountId);
    AcmeChallenge challenge =
        em.find(AcmeChallenge.class, challengeId, LockModeType.PESSIMISTIC_WRITE);
    AcmeAuthorization authorization =
        challenge == null ? null : em.find(AcmeAuthorization.class, challenge.authorizationId());
    if (authorization == null || !authorization.accountId().equals(accountId)) {
      throw new Problem(ProblemType.NOT_FOUND, "no such challenge");
    }
    if (authorization.status(Instant.now()) == AcmeAuthorization.Status.PENDING) {
      challenge.start();
    }
    return AcmeViews.challenge(challenge);
  }

  /**
   * Records a validation's outcome. The authorization's row is locked, so that two challenges of
   * one authorization settle it one after the other; an authorization no longer pending (another
   * challenge, deactivation, expiry) keeps its status, and the outcome is the challenge's alone.
   */
  public Acme.Challenge validated(UUID challengeId, boolean valid, String problem) {
    AcmeChallenge challenge =
        em.find(AcmeChallenge.class, challengeId, LockModeType.PESSIMISTIC_WRITE);
    if (challenge == null) {
      throw new IllegalArgumentException("no ACME challenge " + challengeId);
    }
    if (challenge.status() != AcmeChallenge.Status.PROCESSING) {
      return AcmeViews.challenge(challenge);
    }
    AcmeAuthorization authorization =
        em.find(
            AcmeAuthorization.class, challenge.authorizationId(), LockModeType.PESSIMISTIC_WRITE);
    Instant now = Instant.now();
    boolean pending = authorization.status(now) == AcmeAuthorization.Status.PENDING;
    if (valid) {
      challenge.valid(now);
      if (pending) {
        authorization.valid(now, now.plus(AcmeOrders.VALID_AUTHORIZATION));
        em.flush();
        readyOrders(authorization.id(), now);
      }
    } else {
      challenge.invalid(problem);
      if (pending) {
        authorization.invalid(now);
        em.flush();
        invalidateOrders(authorization.id(), problem == null ? FAILED : problem);
      }
    }
    return AcmeViews.challenge(challenge);
  }

  public Acme.Authorization deactivate(UUID accountId, UUID authorizationId) throws Problem {
    AcmeBean.validAccount(em, accountId);
    AcmeAuthorization authorization =
        em.find(AcmeAuthorization.class, authorizationId, LockModeType.PESSIMISTIC_WRITE);
    if (authorization == null || !authorization.accountId().equals(accountId)) {
      throw new Problem(ProblemType.NOT_FOUND, "no such authorization");
    }
    Instant now = Instant.now();
    AcmeAuthorization.Status status = authorization.status(now);
    if (status == AcmeAuthorization.Status.PENDING || status == AcmeAuthorization.Status.VALID) {
      authorization.deactivate(now);
      em.flush();
      invalidateOrders(authorization.id(), DEACTIVATED);
    } else if (status != AcmeAuthorization.Status.DEACTIVATED) {
      throw new Problem(
          ProblemType.MALFORMED, "only a pending or valid authorization can be deactivated");
    }
    return AcmeViews.authorization(authorization, challenges(em, authorizationId), now);
  }

  /** The pending orders of the authorization whose authorizations are now all valid: ready. */
  private void readyOrders(UUID authorizationId, Instant now) {
    for (UUID order : ordersOf(authorizationId)) {
      em.createNativeQuery(
              "update acme_order o set status = 'READY', version = o.version + 1"
                  + " where o.id = ?2 and o.status = 'PENDING' and o.expires > ?1"
                  + " and not exists (select 1 from acme_order_authorization k"
                  + " join acme_authorization a on a.id = k.authorization_id"
                  + " where k.order_id = o.id and (a.status <> 'VALID' or a.expires <= ?1))")
          .setParameter(1, Timestamp.from(now))
          .setParameter(2, order)
          .executeUpdate();
    }
  }

  /** The open orders of the authorization: invalid, with the problem as their error. */
  private void invalidateOrders(UUID authorizationId, String problem) {
    for (UUID order : ordersOf(authorizationId)) {
      em.createNativeQuery(
              "update acme_order o set status = 'INVALID', error = ?2, version = o.version + 1"
                  + " where o.id = ?1 and o.status in ('PENDING', 'READY')")
          .setParameter(1, order)
          .setParameter(2, problem)
          .executeUpdate();
    }
  }

  /**
   * The orders that count on the authorization, looked up first and then changed by key: a single
   * statement joining the two let PostgreSQL cache a plan, made while the tables were empty, that
   * read every order.
   */
  private List<UUID> ordersOf(UUID authorizationId) {
    return em.createNativeQuery(
            "select order_id from acme_order_authorization where authorization_id = ?1", UUID.class)
        .setParameter(1, authorizationId)
        .getResultList();
  }

  static List<AcmeChallenge> challenges(EntityManager em, UUID authorizationId) {
    return em.createQuery(
            "select c from AcmeChallenge c where c.authorizationId = :a", AcmeChallenge.class)
        .setParameter("a", authorizationId)
        .getResultList();
  }
}
