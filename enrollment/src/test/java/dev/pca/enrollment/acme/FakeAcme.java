package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import dev.pca.application.Actor;
import dev.pca.application.CaException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The core as far as ACME calls it, in memory: one token, accounts, orders with an authorization
 * per identifier offering http-01, dns-01 and tls-alpn-01, and certificates from a test CA.
 * Identifiers ending in ".forbidden" are refused as the template would.
 */
final class FakeAcme implements Acme {
  static final String KEY_ID = "kid-1";
  static final byte[] HMAC_KEY = new byte[32];
  static final UUID PROFILE = UUID.randomUUID();

  static {
    new SecureRandom().nextBytes(HMAC_KEY);
  }

  final List<String> actors = new ArrayList<>();

  /** The next registration stores its account, then fails as one that lost the race would. */
  boolean loseNextRegistration;

  final Map<UUID, Account> accounts = new LinkedHashMap<>();
  final Map<UUID, Order> orders = new LinkedHashMap<>();
  final Map<UUID, Authorization> authorizations = new HashMap<>();
  final Map<UUID, X509Certificate> certificates = new HashMap<>();
  final Map<UUID, UUID> certificateOwners = new HashMap<>();
  final Map<BigInteger, Integer> revoked = new HashMap<>();
  private final KeyPair caKeys = TestJws.p256();
  final X509Certificate ca = caCertificate();

  // ---------------------------------------------------------------- tokens: not ACME's

  @Override
  public NewToken createToken(Actor actor, UUID profileId, String description) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Token> tokens(Actor actor, UUID profileId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Token revokeToken(Actor actor, UUID tokenId) throws CaException {
    throw new UnsupportedOperationException();
  }

  // ---------------------------------------------------------------- accounts

  @Override
  public synchronized Account newAccount(
      Actor client,
      UUID profileId,
      String jwk,
      String thumbprint,
      List<String> contact,
      Binding binding)
      throws Problem {
    actors.add(client.name());
    Account existing = accountByThumbprint(profileId, thumbprint);
    if (existing != null) {
      return existing;
    }
    if (binding == null) {
      throw new Problem(ProblemType.EXTERNAL_ACCOUNT_REQUIRED, "An ACME token is needed.");
    }
    if (!binding.keyId().equals(KEY_ID) || !macVerifies(binding)) {
      throw new Problem(ProblemType.UNAUTHORIZED, "The external account binding does not verify.");
    }
    Account account =
        new Account(
            UUID.randomUUID(),
            profileId,
            AccountStatus.VALID,
            jwk,
            thumbprint,
            contact,
            UUID.randomUUID(),
            Instant.now());
    accounts.put(account.id(), account);
    if (loseNextRegistration) {
      loseNextRegistration = false;
      throw new jakarta.ejb.EJBException("duplicate key value violates unique constraint");
    }
    return account;
  }

  @Override
  public synchronized Account accountByThumbprint(UUID profileId, String thumbprint) {
    return accounts.values().stream()
        .filter(a -> a.thumbprint().equals(thumbprint))
        .findFirst()
        .orElse(null);
  }

  @Override
  public synchronized Account account(UUID profileId, UUID accountId) throws Problem {
    Account account = accounts.get(accountId);
    if (account == null || !account.profileId().equals(profileId)) {
      throw new Problem(ProblemType.ACCOUNT_DOES_NOT_EXIST, "No such account.");
    }
    return account;
  }

  @Override
  public synchronized Account updateAccount(Actor client, UUID accountId, List<String> contact)
      throws Problem {
    actors.add(client.name());
    Account a = accounts.get(accountId);
    Account changed =
        new Account(
            a.id(),
            a.profileId(),
            a.status(),
            a.jwk(),
            a.thumbprint(),
            contact,
            a.tokenId(),
            a.createdAt());
    accounts.put(a.id(), changed);
    return changed;
  }

  @Override
  public synchronized Account deactivateAccount(Actor client, UUID accountId) {
    Account a = accounts.get(accountId);
    Account changed =
        new Account(
            a.id(),
            a.profileId(),
            AccountStatus.DEACTIVATED,
            a.jwk(),
            a.thumbprint(),
            a.contact(),
            a.tokenId(),
            a.createdAt());
    accounts.put(a.id(), changed);
    return changed;
  }

  @Override
  public synchronized Account changeKey(
      Actor client, UUID accountId, String newJwk, String newThumbprint) throws Problem {
    if (accountByThumbprint(PROFILE, newThumbprint) != null) {
      throw new Problem(ProblemType.CONFLICT, "Another account has this key.");
    }
    Account a = accounts.get(accountId);
    Account changed =
        new Account(
            a.id(),
            a.profileId(),
            a.status(),
            newJwk,
            newThumbprint,
            a.contact(),
            a.tokenId(),
            a.createdAt());
    accounts.put(a.id(), changed);
    return changed;
  }

  // ---------------------------------------------------------------- orders

  @Override
  public synchronized Order newOrder(
      Actor client,
      UUID accountId,
      List<Identifier> identifiers,
      Instant notBefore,
      Instant notAfter,
      String replaces)
      throws Problem {
    actors.add(client.name());
    List<Subproblem> refused = new ArrayList<>();
    for (Identifier identifier : identifiers) {
      if (!identifier.type().equals("dns") && !identifier.type().equals("ip")) {
        throw new Problem(
            ProblemType.UNSUPPORTED_IDENTIFIER, "Identifiers of type dns and ip only.");
      }
      if (identifier.value().endsWith(".forbidden")) {
        refused.add(
            new Subproblem(
                ProblemType.REJECTED_IDENTIFIER, "The template refuses this name.", identifier));
      }
    }
    if (!refused.isEmpty()) {
      throw new Problem(
          ProblemType.REJECTED_IDENTIFIER, "Some identifiers are refused.", refused, null);
    }
    List<UUID> authorizationIds = new ArrayList<>();
    for (Identifier identifier : identifiers) {
      authorizationIds.add(authorization(accountId, identifier).id());
    }
    Order order =
        new Order(
            UUID.randomUUID(),
            accountId,
            OrderStatus.PENDING,
            Instant.now().plus(7, ChronoUnit.DAYS),
            identifiers,
            notBefore,
            notAfter,
            authorizationIds,
            null,
            null,
            replaces);
    orders.put(order.id(), order);
    return order;
  }

  private Authorization authorization(UUID accountId, Identifier identifier) {
    UUID id = UUID.randomUUID();
    boolean wildcard = identifier.value().startsWith("*.");
    Identifier named =
        wildcard ? new Identifier("dns", identifier.value().substring(2)) : identifier;
    List<String> types =
        wildcard
            ? List.of("dns-01")
            : identifier.type().equals("ip")
                ? List.of("http-01", "tls-alpn-01")
                : List.of("http-01", "dns-01", "tls-alpn-01");
    List<Challenge> challenges = new ArrayList<>();
    for (String type : types) {
      byte[] token = new byte[32];
      new SecureRandom().nextBytes(token);
      challenges.add(
          new Challenge(
              UUID.randomUUID(),
              id,
              type,
              Base64Url.encode(token),
              ChallengeStatus.PENDING,
              null,
              null));
    }
    Authorization authorization =
        new Authorization(
            id,
            accountId,
            named,
            AuthorizationStatus.PENDING,
            Instant.now().plus(7, ChronoUnit.DAYS),
            wildcard,
            challenges);
    authorizations.put(id, authorization);
    return authorization;
  }

  @Override
  public synchronized Order order(UUID accountId, UUID orderId) throws Problem {
    Order order = orders.get(orderId);
    if (order == null || !order.accountId().equals(accountId)) {
      throw new Problem(ProblemType.NOT_FOUND, "No such order.");
    }
    return order;
  }

  @Override
  public synchronized List<UUID> orders(UUID accountId, int limit) {
    List<UUID> ids = new ArrayList<>();
    orders.values().stream()
        .filter(o -> o.accountId().equals(accountId))
        .forEach(o -> ids.add(0, o.id()));
    return ids.subList(0, Math.min(limit, ids.size()));
  }

  @Override
  public synchronized Authorization authorization(UUID accountId, UUID authorizationId)
      throws Problem {
    Authorization authorization = authorizations.get(authorizationId);
    if (authorization == null || !authorization.accountId().equals(accountId)) {
      throw new Problem(ProblemType.NOT_FOUND, "No such authorization.");
    }
    return authorization;
  }

  @Override
  public synchronized Authorization deactivateAuthorization(
      Actor client, UUID accountId, UUID authorizationId) throws Problem {
    Authorization a = authorization(accountId, authorizationId);
    Authorization changed =
        new Authorization(
            a.id(),
            a.accountId(),
            a.identifier(),
            AuthorizationStatus.DEACTIVATED,
            a.expires(),
            a.wildcard(),
            a.challenges());
    authorizations.put(a.id(), changed);
    return changed;
  }

  @Override
  public synchronized Challenge challenge(UUID accountId, UUID challengeId) throws Problem {
    for (Authorization authorization : authorizations.values()) {
      for (Challenge challenge : authorization.challenges()) {
        if (challenge.id().equals(challengeId) && authorization.accountId().equals(accountId)) {
          return challenge;
        }
      }
    }
    throw new Problem(ProblemType.NOT_FOUND, "No such challenge.");
  }

  @Override
  public synchronized Challenge startChallenge(Actor client, UUID accountId, UUID challengeId)
      throws Problem {
    actors.add(client.name());
    Challenge challenge = challenge(accountId, challengeId);
    Authorization authorization = authorizations.get(challenge.authorizationId());
    if (challenge.status() != ChallengeStatus.PENDING
        || authorization.status() != AuthorizationStatus.PENDING) {
      return challenge;
    }
    return replace(challenge, ChallengeStatus.PROCESSING, null, null);
  }

  @Override
  public synchronized Challenge challengeValidated(
      Actor client, UUID challengeId, boolean valid, String problem) {
    Challenge challenge = null;
    for (Authorization authorization : authorizations.values()) {
      for (Challenge c : authorization.challenges()) {
        if (c.id().equals(challengeId)) {
          challenge = c;
        }
      }
    }
    if (challenge == null || challenge.status() != ChallengeStatus.PROCESSING) {
      return challenge;
    }
    Challenge done =
        replace(
            challenge,
            valid ? ChallengeStatus.VALID : ChallengeStatus.INVALID,
            valid ? Instant.now() : null,
            problem);
    Authorization a = authorizations.get(done.authorizationId());
    authorizations.put(
        a.id(),
        new Authorization(
            a.id(),
            a.accountId(),
            a.identifier(),
            valid ? AuthorizationStatus.VALID : AuthorizationStatus.INVALID,
            a.expires(),
            a.wildcard(),
            a.challenges()));
    for (Order o : List.copyOf(orders.values())) {
      if (o.authorizations().contains(a.id())) {
        boolean ready =
            o.authorizations().stream()
                .allMatch(id -> authorizations.get(id).status() == AuthorizationStatus.VALID);
        OrderStatus status = valid ? (ready ? OrderStatus.READY : o.status()) : OrderStatus.INVALID;
        orders.put(o.id(), withStatus(o, status, valid ? null : problem, null));
      }
    }
    return done;
  }

  private Challenge replace(
      Challenge challenge, ChallengeStatus status, Instant validated, String error) {
    Challenge changed =
        new Challenge(
            challenge.id(),
            challenge.authorizationId(),
            challenge.type(),
            challenge.token(),
            status,
            validated,
            error);
    Authorization a = authorizations.get(challenge.authorizationId());
    List<Challenge> challenges = new ArrayList<>(a.challenges());
    challenges.replaceAll(c -> c.id().equals(challenge.id()) ? changed : c);
    authorizations.put(
        a.id(),
        new Authorization(
            a.id(),
            a.accountId(),
            a.identifier(),
            a.status(),
            a.expires(),
            a.wildcard(),
            challenges));
    return changed;
  }

  private static Order withStatus(Order o, OrderStatus status, String error, UUID certificateId) {
    return new Order(
        o.id(),
        o.accountId(),
        status,
        o.expires(),
        o.identifiers(),
        o.notBefore(),
        o.notAfter(),
        o.authorizations(),
        error,
        certificateId,
        o.replaces());
  }

  // ---------------------------------------------------------------- certificates

  @Override
  public synchronized Order finalizeOrder(Actor client, UUID accountId, UUID orderId, byte[] csr)
      throws Problem {
    Order order = order(accountId, orderId);
    if (order.status() != OrderStatus.READY) {
      throw new Problem(ProblemType.ORDER_NOT_READY, "The order is " + order.status() + ".");
    }
    X509Certificate certificate;
    try {
      JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(csr);
      certificate = issue(request, order.identifiers());
    } catch (Exception e) {
      throw new Problem(ProblemType.BAD_CSR, "The CSR does not parse.");
    }
    UUID certificateId = UUID.randomUUID();
    certificates.put(certificateId, certificate);
    certificateOwners.put(certificateId, accountId);
    Order valid = withStatus(order, OrderStatus.VALID, null, certificateId);
    orders.put(orderId, valid);
    return valid;
  }

  @Override
  public synchronized String certificateChain(UUID accountId, UUID orderId) throws Problem {
    Order order = order(accountId, orderId);
    if (order.status() != OrderStatus.VALID) {
      throw new Problem(ProblemType.ORDER_NOT_READY, "No certificate yet.");
    }
    return pem(certificates.get(order.certificateId())) + pem(ca);
  }

  @Override
  public synchronized void revoke(
      Actor client, UUID profileId, UUID accountId, byte[] certificate, int reason) throws Problem {
    actors.add(client.name());
    for (Map.Entry<UUID, X509Certificate> entry : certificates.entrySet()) {
      try {
        if (Arrays.equals(entry.getValue().getEncoded(), certificate)) {
          if (accountId != null && !accountId.equals(certificateOwners.get(entry.getKey()))) {
            throw new Problem(ProblemType.UNAUTHORIZED, "Not this account's certificate.");
          }
          if (reason == 7 || reason < 0 || reason > 10) {
            throw new Problem(ProblemType.BAD_REVOCATION_REASON, "No such reason.");
          }
          if (revoked.putIfAbsent(entry.getValue().getSerialNumber(), reason) != null) {
            throw new Problem(ProblemType.ALREADY_REVOKED, "The certificate is revoked already.");
          }
          return;
        }
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new Problem(ProblemType.UNAUTHORIZED, "Not a certificate of this CA.");
  }

  @Override
  public List<X509Certificate> caChain(UUID profileId) {
    return List.of(ca);
  }

  @Override
  public synchronized RenewalInfo renewalInfo(
      UUID profileId, byte[] authorityKeyId, BigInteger serial) throws Problem {
    for (X509Certificate certificate : certificates.values()) {
      if (certificate.getSerialNumber().equals(serial)) {
        Instant end = certificate.getNotAfter().toInstant();
        Instant start = end.minus(Duration.ofDays(30));
        return new RenewalInfo(start, end.minus(Duration.ofDays(20)), Duration.ofHours(6));
      }
    }
    throw new Problem(ProblemType.NOT_FOUND, "No such certificate.");
  }

  // ---------------------------------------------------------------- helpers

  private static boolean macVerifies(Binding binding) {
    try {
      Mac mac = Mac.getInstance("HmacSHA" + binding.algorithm().substring(2));
      mac.init(new SecretKeySpec(HMAC_KEY, mac.getAlgorithm()));
      return MessageDigest.isEqual(mac.doFinal(binding.signingInput()), binding.mac());
    } catch (Exception e) {
      return false;
    }
  }

  private X509Certificate caCertificate() {
    try {
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      X500Name name = new X500Name("CN=Fake ACME CA");
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      return new JcaX509CertificateConverter()
          .getCertificate(
              new JcaX509v3CertificateBuilder(
                      name,
                      BigInteger.ONE,
                      Date.from(now.minus(1, ChronoUnit.HOURS)),
                      Date.from(now.plus(365, ChronoUnit.DAYS)),
                      name,
                      caKeys.getPublic())
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                  .addExtension(
                      Extension.subjectKeyIdentifier,
                      false,
                      utils.createSubjectKeyIdentifier(caKeys.getPublic()))
                  .build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private X509Certificate issue(JcaPKCS10CertificationRequest request, List<Identifier> names)
      throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    GeneralName[] sans =
        names.stream()
            .map(
                i ->
                    new GeneralName(
                        i.type().equals("ip") ? GeneralName.iPAddress : GeneralName.dNSName,
                        i.value()))
            .toArray(GeneralName[]::new);
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    return new JcaX509CertificateConverter()
        .getCertificate(
            new JcaX509v3CertificateBuilder(
                    ca,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.TWO),
                    Date.from(now.minus(1, ChronoUnit.MINUTES)),
                    Date.from(now.plus(90, ChronoUnit.DAYS)),
                    new X500Name("CN=" + names.get(0).value()),
                    request.getPublicKey())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans))
                .addExtension(
                    Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
  }

  private static String pem(X509Certificate certificate) {
    try {
      StringWriter text = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
        writer.writeObject(certificate);
      }
      return text.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
