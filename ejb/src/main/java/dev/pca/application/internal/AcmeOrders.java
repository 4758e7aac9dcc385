package dev.pca.application.internal;

import dev.pca.application.Acme;
import dev.pca.application.Acme.Identifier;
import dev.pca.application.Acme.Problem;
import dev.pca.application.Acme.ProblemType;
import dev.pca.application.Actor;
import dev.pca.application.CaException;
import dev.pca.application.Certificates;
import dev.pca.crypto.x509.Csr;
import dev.pca.crypto.x509.CsrException;
import dev.pca.domain.model.acme.AcmeAccount;
import dev.pca.domain.model.acme.AcmeAuthorization;
import dev.pca.domain.model.acme.AcmeChallenge;
import dev.pca.domain.model.acme.AcmeOrder;
import dev.pca.domain.model.certificate.Certificate;
import dev.pca.domain.model.enrollment.EnrollmentProfile;
import dev.pca.domain.model.issuer.Issuer;
import dev.pca.domain.model.template.Template;
import dev.pca.domain.policy.Rule;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ACME orders: a new order judged by the profile's template before any challenge is made, with the
 * account's valid authorizations reused and new ones made for the rest; and finalization, which
 * issues through {@link Issuance} under the profile's template and issuer.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.4">RFC 8555 section 7.4</a>
 */
@Stateless
public class AcmeOrders {
  static final Duration ORDER_LIFETIME = Duration.ofDays(7);
  static final Duration PENDING_AUTHORIZATION = Duration.ofDays(7);
  static final Duration VALID_AUTHORIZATION = Duration.ofDays(30);

  /** A valid authorization is reused only while it holds at least this long. */
  static final Duration REUSE_MARGIN = Duration.ofDays(1);

  static final Duration RATE_WINDOW = Duration.ofHours(1);
  static final String RATE_PROPERTY = "pca.acme.orders-per-hour";
  static final int DEFAULT_RATE = 300;

  /** How far ahead a requested notBefore may lie: certificates are valid from their issuance. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  static final String CHANNEL = "ACME";

  private static final Logger LOG = Logger.getLogger(AcmeOrders.class.getName());

  @PersistenceContext private EntityManager em;
  @EJB private Issuance issuance;

  public Acme.Order newOrder(
      Actor client,
      UUID accountId,
      List<Identifier> identifiers,
      Instant notBefore,
      Instant notAfter,
      String replaces)
      throws Problem {
    Instant now = Instant.now();
    AcmeAccount account = AcmeBean.validAccount(em, accountId);
    List<Identifier> requested = AcmeIdentifiers.requested(identifiers);
    Duration validity = validity(notBefore, notAfter, now);
    requireUnderRate(accountId, now);
    EnrollmentProfile profile = em.find(EnrollmentProfile.class, account.profileId());
    Issuer issuer = em.find(Issuer.class, profile.issuerId());
    List<Identifier> certified = judged(profile, requested, validity);
    if (notAfter != null && notAfter.isAfter(issuer.notAfter())) {
      throw new Problem(
          ProblemType.MALFORMED, "notAfter lies beyond the issuer's " + issuer.notAfter());
    }
    String replacing = replaces == null ? null : replaceable(account, issuer, replaces).text();
    Map<String, AcmeAuthorization> reusable = reusable(accountId, certified, now);
    List<UUID> authorizations = new ArrayList<>();
    Instant expires = now.plus(ORDER_LIFETIME);
    boolean ready = true;
    for (Identifier identifier : certified) {
      AcmeAuthorization authorization = reusable.get(reuseKey(identifier));
      if (authorization == null) {
        authorization = newAuthorization(accountId, identifier, now);
        ready = false;
      } else if (authorization.expires().isBefore(expires)) {
        // The order cannot outlive an authorization it counts on.
        expires = authorization.expires();
      }
      authorizations.add(authorization.id());
    }
    AcmeOrder order =
        new AcmeOrder(
            accountId,
            new AcmeOrder.Asked(
                AcmeViews.identifiersJson(certified), notBefore, notAfter, replacing, expires),
            authorizations,
            ready,
            now);
    em.persist(order);
    return AcmeViews.order(order, now);
  }

  /**
   * RFC 8555 section 7.4: "The server MUST return an error if it cannot fulfill the request as
   * specified". Certificates are valid from their issuance, so a notBefore may not lie ahead; a
   * notAfter sets the validity, which the template judges.
   */
  static Duration validity(Instant notBefore, Instant notAfter, Instant now) throws Problem {
    if (notBefore != null && notBefore.isAfter(now.plus(CLOCK_SKEW))) {
      throw new Problem(
          ProblemType.MALFORMED,
          "this CA's certificates are valid from their issuance: notBefore cannot lie ahead");
    }
    if (notAfter == null) {
      return null;
    }
    if (!notAfter.isAfter(now) || (notBefore != null && !notAfter.isAfter(notBefore))) {
      throw new Problem(ProblemType.MALFORMED, "notAfter must lie ahead, after notBefore");
    }
    return Duration.between(now, notAfter);
  }

  /**
   * Takes one order from the account's window, an hour from its first order; RATE_LIMITED when the
   * window's orders are spent. A counter on the account row, not a count of its orders, so that the
   * check costs the same however many orders an account places; the row lock orders concurrent
   * requests of one account, and a refused order gives its place back with the rollback.
   */
  private void requireUnderRate(UUID accountId, Instant now) throws Problem {
    Object[] window =
        (Object[])
            em.createNativeQuery(
                    "update acme_account set rate_window_orders = case when rate_window_start > ?1"
                        + " then rate_window_orders + 1 else 1 end,"
                        + " rate_window_start = case when rate_window_start > ?1"
                        + " then rate_window_start else ?2 end"
                        + " where id = ?3 returning rate_window_start, rate_window_orders")
                .setParameter(1, Timestamp.from(now.minus(RATE_WINDOW)))
                .setParameter(2, Timestamp.from(now))
                .setParameter(3, accountId)
                .getSingleResult();
    int limit = ordersPerHour();
    if (((Number) window[1]).intValue() > limit) {
      Duration wait = Duration.between(now, NativeValues.instant(window[0]).plus(RATE_WINDOW));
      throw new Problem(
          ProblemType.RATE_LIMITED,
          "the account has placed " + limit + " orders in the last hour",
          List.of(),
          wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }
  }

  static int ordersPerHour() {
    String configured = System.getProperty(RATE_PROPERTY);
    if (configured == null || configured.isBlank()) {
      return DEFAULT_RATE;
    }
    try {
      return Math.max(1, Integer.parseInt(configured.strip()));
    } catch (NumberFormatException e) {
      return DEFAULT_RATE;
    }
  }

  private List<Identifier> judged(
      EnrollmentProfile profile, List<Identifier> requested, Duration validity) throws Problem {
    Template template = em.find(Template.class, profile.templateId());
    try {
      return AcmeIdentifiers.judged(TemplatesBean.spec(template), requested, validity);
    } catch (IllegalArgumentException e) {
      LOG.log(
          Level.WARNING, "ACME profile {0}: {1}", new Object[] {profile.name(), e.getMessage()});
      throw new Problem(ProblemType.SERVER_INTERNAL, "the profile's template cannot be used");
    }
  }

  /**
   * The certificate an ARI replacement names (RFC 9773 section 5): one of the profile's issuer that
   * this account ordered (MALFORMED otherwise), not replaced already by a finalized order
   * (ALREADY_REPLACED: "it MUST return an HTTP 409 (Conflict) with a problem document of type
   * alreadyReplaced").
   */
  private AcmeRenewal.CertId replaceable(AcmeAccount account, Issuer issuer, String replaces)
      throws Problem {
    AcmeRenewal.CertId id = AcmeRenewal.parse(replaces);
    Certificate certificate = id == null ? null : certificate(issuer, id);
    if (certificate == null || !AcmeBean.ordered(em, account.id(), certificate.id())) {
      throw new Problem(
          ProblemType.MALFORMED, "replaces names no certificate this account ordered here");
    }
    long replaced =
        em.createQuery(
                "select count(o) from AcmeOrder o where o.replaces = :r and o.status = :valid",
                Long.class)
            .setParameter("r", id.text())
            .setParameter("valid", AcmeOrder.Status.VALID)
            .getSingleResult();
    if (replaced > 0) {
      throw new Problem(ProblemType.ALREADY_REPLACED, "the certificate has been replaced already");
    }
    return id;
  }

  /** The issuer's certificate an ARI id names, or null. */
  Certificate certificate(Issuer issuer, AcmeRenewal.CertId id) {
    if (!MessageDigest.isEqual(issuer.ski(), id.authorityKeyId())) {
      return null;
    }
    return em
        .createQuery(
            "select c from Certificate c where c.issuer.id = :i and c.serial = :s",
            Certificate.class)
        .setParameter("i", issuer.id())
        .setParameter("s", id.serial().toString(16))
        .getResultList()
        .stream()
        .findFirst()
        .orElse(null);
  }

  /** The account's valid authorizations for these identifiers, by {@link #reuseKey}. */
  private Map<String, AcmeAuthorization> reusable(
      UUID accountId, List<Identifier> identifiers, Instant now) {
    List<String> values = identifiers.stream().map(AcmeIdentifiers::authorized).toList();
    Map<String, AcmeAuthorization> found = new HashMap<>();
    em
        .createQuery(
            "select a from AcmeAuthorization a where a.accountId = :a"
                + " and a.identifierValue in :v and a.status = :valid and a.expires > :until",
            AcmeAuthorization.class)
        .setParameter("a", accountId)
        .setParameter("v", values)
        .setParameter("valid", AcmeAuthorization.Status.VALID)
        .setParameter("until", now.plus(REUSE_MARGIN))
        .getResultList()
        .stream()
        .sorted(Comparator.comparing(AcmeAuthorization::expires))
        .forEach(a -> found.put(reuseKey(a), a)); // the one that holds longest wins
    return found;
  }

  private static String reuseKey(Identifier identifier) {
    return identifier.type()
        + ":"
        + AcmeIdentifiers.wildcard(identifier)
        + ":"
        + AcmeIdentifiers.authorized(identifier);
  }

  private static String reuseKey(AcmeAuthorization a) {
    return a.identifierType() + ":" + a.wildcard() + ":" + a.identifierValue();
  }

  private AcmeAuthorization newAuthorization(UUID accountId, Identifier identifier, Instant now) {
    AcmeAuthorization authorization =
        new AcmeAuthorization(
            accountId,
            identifier.type(),
            AcmeIdentifiers.authorized(identifier),
            AcmeIdentifiers.wildcard(identifier),
            now.plus(PENDING_AUTHORIZATION));
    em.persist(authorization);
    for (String type : AcmeIdentifiers.challengeTypes(identifier)) {
      em.persist(new AcmeChallenge(authorization.id(), type, AcmeSecrets.newChallengeToken()));
    }
    return authorization;
  }

  // ---------------------------------------------------------------- finalization

  public Acme.Order finalizeOrder(Actor client, UUID accountId, UUID orderId, byte[] csr)
      throws Problem {
    AcmeAccount account = AcmeBean.validAccount(em, accountId);
    AcmeOrder order = em.find(AcmeOrder.class, orderId, LockModeType.PESSIMISTIC_WRITE);
    if (order == null || !order.accountId().equals(accountId)) {
      throw new Problem(ProblemType.NOT_FOUND, "no such order");
    }
    Instant now = Instant.now();
    AcmeOrder.Status status = order.status(now);
    if (status != AcmeOrder.Status.READY) {
      throw new Problem(
          ProblemType.ORDER_NOT_READY,
          "the order is " + status.name().toLowerCase(java.util.Locale.ROOT) + ", not ready");
    }
    Csr request;
    try {
      request = Csr.parse(csr);
    } catch (CsrException e) {
      throw new Problem(ProblemType.BAD_CSR, e.getMessage());
    }
    List<Identifier> identifiers = AcmeViews.identifiers(order.identifiers());
    AcmeIdentifiers.requireExactly(identifiers, request.requestedSans(), request.subject());
    EnrollmentProfile profile = em.find(EnrollmentProfile.class, account.profileId());
    Certificates.Issued issued;
    try {
      issued =
          issuance.issue(
              client,
              profile.issuerId(),
              profile.templateId(),
              request,
              AcmeIdentifiers.sans(identifiers),
              validity(order, now),
              replacedId(profile, order),
              CHANNEL);
    } catch (CaException e) {
      throw problem(e);
    }
    order.valid(issued.certificate().id(), now);
    return AcmeViews.order(order, now);
  }

  /** The validity up to the order's notAfter, whole seconds; null for the template's. */
  private static Duration validity(AcmeOrder order, Instant now) throws Problem {
    if (order.notAfter() == null) {
      return null;
    }
    Duration left = Duration.between(now, order.notAfter()).withNanos(0);
    if (left.isNegative() || left.isZero()) {
      throw new Problem(ProblemType.MALFORMED, "the order's notAfter has passed");
    }
    return left;
  }

  private UUID replacedId(EnrollmentProfile profile, AcmeOrder order) {
    if (order.replaces() == null) {
      return null;
    }
    Certificate replaced =
        certificate(em.find(Issuer.class, profile.issuerId()), AcmeRenewal.parse(order.replaces()));
    return replaced == null ? null : replaced.id();
  }

  /** What issuance refused, in ACME's terms. */
  static Problem problem(CaException e) {
    String detail =
        e.violations().isEmpty()
            ? e.getMessage()
            : e.getMessage()
                + ": "
                + String.join("; ", e.violations().stream().map(v -> v.detail()).toList());
    return switch (e.reason()) {
      case POLICY ->
          new Problem(
              e.violations().stream().anyMatch(v -> NAME_RULES.contains(v.rule()))
                  ? ProblemType.REJECTED_IDENTIFIER
                  : ProblemType.BAD_CSR,
              detail);
      case BAD_CSR -> new Problem(ProblemType.BAD_CSR, detail);
      case DISABLED, QUOTA_SPENT -> new Problem(ProblemType.SERVER_INTERNAL, e.getMessage());
      default -> {
        LOG.log(Level.WARNING, "ACME issuance failed: {0} {1}", new Object[] {e.reason(), detail});
        yield new Problem(ProblemType.SERVER_INTERNAL, "the certificate could not be issued");
      }
    };
  }

  private static final Set<String> NAME_RULES =
      Set.of(
          Rule.DNS_NAME.name(),
          Rule.IP_ADDRESS.name(),
          Rule.SAN_COUNT.name(),
          Rule.MALFORMED_NAME.name());
}
