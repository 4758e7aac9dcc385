package dev.pca.application.internal;

import dev.pca.application.Acme;
import dev.pca.application.Actor;
import dev.pca.application.AuditLog;
import dev.pca.application.CaException;
import dev.pca.domain.model.acme.AcmeAccount;
import dev.pca.domain.model.acme.AcmeAuthorization;
import dev.pca.domain.model.acme.AcmeChallenge;
import dev.pca.domain.model.acme.AcmeOrder;
import dev.pca.domain.model.acme.AcmeToken;
import dev.pca.domain.model.enrollment.EnrollmentProfile;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * ACME in the core: accounts and the reads of the ACME endpoint here; tokens, orders,
 * authorizations and certificates in {@link AcmeTokens}, {@link AcmeOrders}, {@link
 * AcmeAuthorizations} and {@link AcmeCertificates}. Reads that touch one row or one query run
 * without a transaction of their own.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555">RFC 8555</a>
 */
@Stateless
public class AcmeBean implements Acme {
  private static final int MAX_JWK = 8192;
  private static final int MAX_CONTACTS = 10;
  private static final int MAX_CONTACT = 512;
  private static final int MAX_ORDERS = 1000;

  @PersistenceContext private EntityManager em;
  @EJB private AuditLog audit;
  @EJB private AcmeTokens tokens;
  @EJB private AcmeOrders orders;
  @EJB private AcmeAuthorizations authorizations;
  @EJB private AcmeCertificates certificates;

  // ---------------------------------------------------------------- tokens

  @Override
  public NewToken createToken(Actor actor, UUID profileId, String description) throws CaException {
    return tokens.create(actor, profileId, description);
  }

  @Override
  public List<Token> tokens(Actor actor, UUID profileId) throws CaException {
    return tokens.list(actor, profileId);
  }

  @Override
  public Token revokeToken(Actor actor, UUID tokenId) throws CaException {
    return tokens.revoke(actor, tokenId);
  }

  // ---------------------------------------------------------------- accounts

  @Override
  public Account newAccount(
      Actor client,
      UUID profileId,
      String jwk,
      String thumbprint,
      List<String> contact,
      Binding binding)
      throws Problem {
    EnrollmentProfile profile = profile(profileId);
    requireKey(jwk, thumbprint);
    String contactJson = contactJson(contact);
    AcmeAccount existing = byThumbprint(profileId, thumbprint);
    if (existing != null) {
      return AcmeViews.account(existing);
    }
    if (binding == null) {
      throw new Problem(
          ProblemType.EXTERNAL_ACCOUNT_REQUIRED,
          "an account is bound to a token of this profile (externalAccountBinding)");
    }
    AcmeToken token = tokens.bound(client, profileId, binding);
    AcmeAccount account =
        new AcmeAccount(profileId, token.id(), jwk, thumbprint, contactJson, Instant.now());
    em.persist(account);
    audit.success(
        client,
        "acme.account.create",
        "acme-account",
        account.id(),
        "profile=%s keyId=%s thumbprint=%s".formatted(profile.name(), token.keyId(), thumbprint));
    return AcmeViews.account(account);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Account accountByThumbprint(UUID profileId, String thumbprint) {
    AcmeAccount account = byThumbprint(profileId, thumbprint);
    return account == null ? null : AcmeViews.account(account);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Account account(UUID profileId, UUID accountId) throws Problem {
    AcmeAccount account = em.find(AcmeAccount.class, accountId);
    if (account == null || !account.profileId().equals(profileId)) {
      throw new Problem(ProblemType.ACCOUNT_DOES_NOT_EXIST, "no such account");
    }
    return AcmeViews.account(account);
  }

  @Override
  public Account updateAccount(Actor client, UUID accountId, List<String> contact) throws Problem {
    AcmeAccount account = validAccount(em, accountId);
    account.contact(contactJson(contact));
    return AcmeViews.account(account);
  }

  /**
   * Section 7.3.6: "the server SHOULD cancel any pending operations authorized by the account's
   * key, such as certificate orders": its pending authorizations are deactivated, its open orders
   * invalid.
   */
  @Override
  public Account deactivateAccount(Actor client, UUID accountId) throws Problem {
    AcmeAccount account = validAccount(em, accountId);
    account.deactivate();
    em.createQuery(
            "update AcmeAuthorization a set a.status = :deactivated, a.version = a.version + 1"
                + " where a.accountId = :a and a.status = :pending")
        .setParameter("deactivated", AcmeAuthorization.Status.DEACTIVATED)
        .setParameter("pending", AcmeAuthorization.Status.PENDING)
        .setParameter("a", accountId)
        .executeUpdate();
    em.createQuery(
            "update AcmeOrder o set o.status = :invalid, o.error = :error,"
                + " o.version = o.version + 1 where o.accountId = :a and o.status in :open")
        .setParameter("invalid", AcmeOrder.Status.INVALID)
        .setParameter("error", AcmeAuthorizations.DEACTIVATED)
        .setParameter("open", List.of(AcmeOrder.Status.PENDING, AcmeOrder.Status.READY))
        .setParameter("a", accountId)
        .executeUpdate();
    audit.success(
        client,
        "acme.account.deactivate",
        "acme-account",
        accountId,
        "thumbprint=" + account.thumbprint());
    return AcmeViews.account(account);
  }

  @Override
  public Account changeKey(Actor client, UUID accountId, String newJwk, String newThumbprint)
      throws Problem {
    AcmeAccount account = validAccount(em, accountId);
    requireKey(newJwk, newThumbprint);
    AcmeAccount holder = byThumbprint(account.profileId(), newThumbprint);
    if (holder != null && !holder.id().equals(accountId)) {
      throw new Problem(ProblemType.CONFLICT, "another account has that key");
    }
    String old = account.thumbprint();
    account.rekey(newJwk, newThumbprint);
    audit.success(
        client,
        "acme.account.rekey",
        "acme-account",
        accountId,
        "thumbprint=%s replaces %s".formatted(newThumbprint, old));
    return AcmeViews.account(account);
  }

  // ---------------------------------------------------------------- orders

  @Override
  public Order newOrder(
      Actor client,
      UUID accountId,
      List<Identifier> identifiers,
      Instant notBefore,
      Instant notAfter,
      String replaces)
      throws Problem {
    return orders.newOrder(client, accountId, identifiers, notBefore, notAfter, replaces);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Order order(UUID accountId, UUID orderId) throws Problem {
    AcmeOrder order =
        em
            .createQuery(
                "select o from AcmeOrder o left join fetch o.authorizations where o.id = :id",
                AcmeOrder.class)
            .setParameter("id", orderId)
            .getResultList()
            .stream()
            .findFirst()
            .filter(o -> o.accountId().equals(accountId))
            .orElseThrow(() -> new Problem(ProblemType.NOT_FOUND, "no such order"));
    return AcmeViews.order(order, Instant.now());
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public List<UUID> orders(UUID accountId, int limit) {
    return em.createQuery(
            "select o.id from AcmeOrder o where o.accountId = :a order by o.createdAt desc",
            UUID.class)
        .setParameter("a", accountId)
        .setMaxResults(Math.max(1, Math.min(limit, MAX_ORDERS)))
        .getResultList();
  }

  @Override
  public Order finalizeOrder(Actor client, UUID accountId, UUID orderId, byte[] csr)
      throws Problem {
    return orders.finalizeOrder(client, accountId, orderId, csr);
  }

  @Override
  public String certificateChain(UUID accountId, UUID orderId) throws Problem {
    return certificates.chain(accountId, orderId);
  }

  // ---------------------------------------------------------------- authorizations

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Authorization authorization(UUID accountId, UUID authorizationId) throws Problem {
    AcmeAuthorization authorization = em.find(AcmeAuthorization.class, authorizationId);
    if (authorization == null || !authorization.accountId().equals(accountId)) {
      throw new Problem(ProblemType.NOT_FOUND, "no such authorization");
    }
    return AcmeViews.authorization(
        authorization, AcmeAuthorizations.challenges(em, authorizationId), Instant.now());
  }

  @Override
  public Authorization deactivateAuthorization(Actor client, UUID accountId, UUID authorizationId)
      throws Problem {
    return authorizations.deactivate(accountId, authorizationId);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Challenge challenge(UUID accountId, UUID challengeId) throws Problem {
    AcmeChallenge challenge = em.find(AcmeChallenge.class, challengeId);
    AcmeAuthorization authorization =
        challenge == null ? null : em.find(AcmeAuthorization.class, challenge.authorizationId());
    if (authorization == null || !authorization.accountId().equals(accountId)) {
      throw new Problem(ProblemType.NOT_FOUND, "no such challenge");
    }
    return AcmeViews.challenge(challenge);
  }

  @Override
  public Challenge startChallenge(Actor client, UUID accountId, UUID challengeId) throws Problem {
    return authorizations.start(accountId, challengeId);
  }

  @Override
  public Challenge challengeValidated(
      Actor client, UUID challengeId, boolean valid, String problem) {
    return authorizations.validated(challengeId, valid, problem);
  }

  // ---------------------------------------------------------------- certificates

  @Override
  public void revoke(Actor client, UUID profileId, UUID accountId, byte[] certificate, int reason)
      throws Problem {
    certificates.revoke(client, profileId, accountId, certificate, reason);
  }

  @Override
  public List<X509Certificate> caChain(UUID profileId) throws Problem {
    return certificates.caChain(profileId);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public RenewalInfo renewalInfo(UUID profileId, byte[] authorityKeyId, BigInteger serial)
      throws Problem {
    return certificates.renewalInfo(profileId, authorityKeyId, serial);
  }

  // ---------------------------------------------------------------- shared

  /** Whether the account ordered the certificate (an order of it names the certificate). */
  static boolean ordered(EntityManager em, UUID accountId, UUID certificateId) {
    return em.createQuery(
                "select count(o) from AcmeOrder o where o.certificateId = :c and o.accountId = :a",
                Long.class)
            .setParameter("c", certificateId)
            .setParameter("a", accountId)
            .getSingleResult()
        > 0;
  }

  /** The account, if it may act: ACCOUNT_DOES_NOT_EXIST, or UNAUTHORIZED when not valid. */
  static AcmeAccount validAccount(EntityManager em, UUID accountId) throws Problem {
    AcmeAccount account = em.find(AcmeAccount.class, accountId);
    if (account == null) {
      throw new Problem(ProblemType.ACCOUNT_DOES_NOT_EXIST, "no such account");
    }
    if (!account.valid()) {
      throw new Problem(
          ProblemType.UNAUTHORIZED,
          "the account is " + account.status().name().toLowerCase(Locale.ROOT));
    }
    return account;
  }

  private EnrollmentProfile profile(UUID profileId) throws Problem {
    return profile(em, profileId);
  }

  /** The ACME profile, NOT_FOUND when there is none. */
  static EnrollmentProfile profile(EntityManager em, UUID profileId) throws Problem {
    try {
      return AcmeTokens.profile(em, profileId);
    } catch (CaException e) {
      throw new Problem(ProblemType.NOT_FOUND, "no such ACME profile");
    }
  }

  private AcmeAccount byThumbprint(UUID profileId, String thumbprint) {
    return em
        .createQuery(
            "select a from AcmeAccount a where a.profileId = :p and a.thumbprint = :t",
            AcmeAccount.class)
        .setParameter("p", profileId)
        .setParameter("t", thumbprint)
        .getResultList()
        .stream()
        .findFirst()
        .orElse(null);
  }

  private static void requireKey(String jwk, String thumbprint) throws Problem {
    if (jwk == null || jwk.isEmpty() || jwk.length() > MAX_JWK) {
      throw new Problem(ProblemType.MALFORMED, "the account key is missing or too large");
    }
    if (thumbprint == null || !thumbprint.matches("[A-Za-z0-9_-]{16,64}")) {
      throw new Problem(ProblemType.MALFORMED, "the key thumbprint is not base64url");
    }
  }

  private static String contactJson(List<String> contact) throws Problem {
    List<String> kept = contact == null ? List.of() : contact;
    if (kept.size() > MAX_CONTACTS
        || kept.stream().anyMatch(c -> c == null || c.isEmpty() || c.length() > MAX_CONTACT)) {
      throw new Problem(
          ProblemType.MALFORMED,
          "at most " + MAX_CONTACTS + " contacts of at most " + MAX_CONTACT + " characters");
    }
    return AcmeViews.contactJson(kept);
  }
}
