package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.AuditLog;
import dev.pca.application.CaException;
import dev.pca.application.Certificates;
import dev.pca.application.Enrollments;
import dev.pca.crypto.KeyAlias;
import dev.pca.crypto.Token;
import dev.pca.crypto.TokenException;
import dev.pca.crypto.x509.Csr;
import dev.pca.crypto.x509.CsrException;
import dev.pca.domain.model.certificate.Certificate;
import dev.pca.domain.model.certificate.CertificateStatus;
import dev.pca.domain.model.enrollment.EnrollmentChallenge;
import dev.pca.domain.model.enrollment.EnrollmentProfile;
import dev.pca.domain.model.enrollment.EnrollmentRequest;
import dev.pca.domain.model.issuer.Issuer;
import dev.pca.domain.model.repository.Repository;
import dev.pca.domain.model.template.Template;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

@Stateless
public class EnrollmentsBean implements Enrollments {
  private static final Duration DEFAULT_CHALLENGE_VALIDITY = Duration.ofDays(7);
  private static final Duration MAX_CHALLENGE_VALIDITY = Duration.ofDays(365);
  private static final int MAX_REQUESTS = 500;

  @PersistenceContext private EntityManager em;
  @EJB private AuditLog audit;
  @EJB private Issuance issuance;
  @EJB private Token token;
  @EJB private RegistrationAuthority ra;

  // ---------------------------------------------------------------- profiles

  @Override
  public Created create(Actor actor, UUID repositoryId, Draft draft) throws CaException {
    Checks.valid(draft);
    Repository repository = Lookups.repository(em, repositoryId);
    Scope.require(actor, repository);
    Issuer issuer = fitting(repository.id(), draft);
    requireFreeName(draft.name(), null);
    Instant now = Instant.now();
    EnrollmentProfile profile = new EnrollmentProfile(repository.id(), settings(draft), now);
    String secret = Secrets.needed(draft.authentication()) ? Secrets.fresh() : null;
    profile.secret(Secrets.sha256(secret), now);
    em.persist(profile);
    if (draft.protocol() == Protocol.SCEP) {
      ra.equip(actor, profile, issuer);
    }
    audit.success(
        actor, "enrollment.profile.create", "enrollment-profile", profile.id(), describe(profile));
    return new Created(view(profile), secret);
  }

  @Override
  public View change(Actor actor, UUID id, Draft draft) throws CaException {
    EndpointCache.forget();
    Checks.valid(draft);
    EnrollmentProfile profile = scoped(actor, profile(id));
    if (Protocol.valueOf(profile.settings().protocol()) != draft.protocol()) {
      throw new CaException(
          CaException.Reason.INVALID, "a profile's protocol cannot change: make a new profile");
    }
    if (!profile.issuerId().equals(draft.issuerId()) && draft.protocol() == Protocol.SCEP) {
      throw new CaException(
          CaException.Reason.INVALID,
          "a SCEP profile's RA certificate is from its issuer: make a new profile for another");
    }
    fitting(profile.repositoryId(), draft);
    requireFreeName(draft.name(), id);
    Instant now = Instant.now();
    boolean secretKind =
        Secrets.needed(Authentication.valueOf(profile.settings().authentication()))
            == Secrets.needed(draft.authentication());
    profile.change(settings(draft), now);
    if (!secretKind) {
      profile.secret(null, now);
    }
    audit.success(actor, "enrollment.profile.change", "enrollment-profile", id, describe(profile));
    return view(profile);
  }

  @Override
  public Created newSecret(Actor actor, UUID id) throws CaException {
    EnrollmentProfile profile = scoped(actor, profile(id));
    if (!Secrets.needed(Authentication.valueOf(profile.settings().authentication()))) {
      throw new CaException(
          CaException.Reason.INVALID,
          "only CHALLENGE and HTTP_BASIC profiles have a secret of their own");
    }
    String secret = Secrets.fresh();
    profile.secret(Secrets.sha256(secret), Instant.now());
    audit.success(actor, "enrollment.profile.secret", "enrollment-profile", id, profile.name());
    return new Created(view(profile), secret);
  }

  @Override
  public View enable(Actor actor, UUID id, boolean enabled) throws CaException {
    EndpointCache.forget();
    EnrollmentProfile profile = scoped(actor, profile(id));
    profile.enable(enabled, Instant.now());
    audit.success(
        actor,
        enabled ? "enrollment.profile.enable" : "enrollment.profile.disable",
        "enrollment-profile",
        id,
        profile.name());
    return view(profile);
  }

  @Override
  public void delete(Actor actor, UUID id) throws CaException {
    EndpointCache.forget();
    EnrollmentProfile profile = scoped(actor, profile(id));
    Long requests =
        em.createQuery(
                "select count(r) from EnrollmentRequest r where r.profileId = :p", Long.class)
            .setParameter("p", id)
            .getSingleResult();
    if (requests > 0) {
      throw new CaException(
          CaException.Reason.CONFLICT,
          "the profile has " + requests + " request(s) on record: disable it instead");
    }
    Long tokens =
        em.createQuery("select count(t) from AcmeToken t where t.profileId = :p", Long.class)
            .setParameter("p", id)
            .getSingleResult();
    if (tokens > 0) {
      throw new CaException(
          CaException.Reason.CONFLICT,
          "the profile has " + tokens + " ACME token(s) on record: disable it instead");
    }
    em.createQuery("delete from EnrollmentChallenge c where c.profileId = :p")
        .setParameter("p", id)
        .executeUpdate();
    em.remove(profile);
    ra.retire(actor, profile);
    audit.success(actor, "enrollment.profile.delete", "enrollment-profile", id, profile.name());
  }

  @Override
  public View get(Actor actor, UUID id) throws CaException {
    return view(scoped(actor, profile(id)));
  }

  @Override
  public List<View> list(Actor actor, UUID repositoryId) throws CaException {
    Scope.require(actor, Lookups.repository(em, repositoryId));
    return em
        .createQuery(
            "select p from EnrollmentProfile p where p.repositoryId = :r order by p.name",
            EnrollmentProfile.class)
        .setParameter("r", repositoryId)
        .getResultList()
        .stream()
        .map(this::view)
        .toList();
  }

  @Override
  public Challenge newChallenge(Actor actor, UUID profileId, String device, Duration validity)
      throws CaException {
    EnrollmentProfile profile = scoped(actor, profile(profileId));
    if (Authentication.valueOf(profile.settings().authentication())
        != Authentication.ONE_TIME_CHALLENGE) {
      throw new CaException(
          CaException.Reason.INVALID,
          "the profile " + profile.name() + " takes no one-time challenges");
    }
    if (device == null || device.isBlank() || device.length() > 255) {
      throw new CaException(CaException.Reason.INVALID, "name the device, in 1 to 255 characters");
    }
    Duration lasting = validity == null ? DEFAULT_CHALLENGE_VALIDITY : validity;
    if (lasting.isNegative() || lasting.isZero() || lasting.compareTo(MAX_CHALLENGE_VALIDITY) > 0) {
      throw new CaException(
          CaException.Reason.INVALID, "a challenge lasts more than nothing and at most a year");
    }
    String password = Secrets.fresh();
    Instant now = Instant.now();
    EnrollmentChallenge challenge =
        new EnrollmentChallenge(
            profileId,
            device.strip(),
            Secrets.sha256(password),
            now.plus(lasting),
            actor.name(),
            now);
    em.persist(challenge);
    audit.success(
        actor,
        "enrollment.challenge.create",
        "enrollment-profile",
        profileId,
        "device=%s expires=%s".formatted(challenge.device(), challenge.expiresAt()));
    return new Challenge(
        challenge.id(), profileId, challenge.device(), password, challenge.expiresAt());
  }

  // ---------------------------------------------------------------- requests and approval

  @Override
  public List<Request> requests(Actor actor, UUID repositoryId, Status status, int limit)
      throws CaException {
    Scope.require(actor, Lookups.repository(em, repositoryId));
    return em
        .createQuery(
            "select r from EnrollmentRequest r, EnrollmentProfile p where r.profileId = p.id"
                + " and p.repositoryId = :repository and (:status is null or r.status = :status)"
                + " order by r.requestedAt desc",
            EnrollmentRequest.class)
        .setParameter("repository", repositoryId)
        .setParameter("status", status == null ? null : status.name())
        .setMaxResults(Math.max(1, Math.min(limit, MAX_REQUESTS)))
        .getResultList()
        .stream()
        .map(this::request)
        .toList();
  }

  @Override
  public Request approve(Actor actor, UUID requestId) throws CaException {
    EnrollmentRequest pending = pending(requestId);
    EnrollmentProfile profile = scoped(actor, profile(pending.profileId()));
    try {
      Certificates.Issued issued = issue(actor, profile, pending, channel(profile), null);
      pending.issued(issued.certificate().id(), actor.name(), Instant.now());
    } catch (CaException e) {
      if (e.reason() != CaException.Reason.POLICY && e.reason() != CaException.Reason.BAD_CSR) {
        throw e;
      }
      // What the template refuses now is refused for good: the device learns it when it polls.
      pending.rejected(actor.name(), Instant.now(), e.getMessage() + violations(e));
    }
    audit.success(
        actor,
        "enrollment.request.approve",
        "enrollment-request",
        requestId,
        "profile=%s outcome=%s".formatted(profile.name(), pending.status()));
    return request(pending);
  }

  @Override
  public Request reject(Actor actor, UUID requestId, String reason) throws CaException {
    EnrollmentRequest pending = pending(requestId);
    scoped(actor, profile(pending.profileId()));
    String why = reason == null || reason.isBlank() ? "rejected by " + actor.name() : reason;
    pending.rejected(actor.name(), Instant.now(), why);
    audit.success(actor, "enrollment.request.reject", "enrollment-request", requestId, why);
    return request(pending);
  }

  private EnrollmentRequest pending(UUID id) throws CaException {
    EnrollmentRequest found = em.find(EnrollmentRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (found == null) {
      throw new CaException(CaException.Reason.NOT_FOUND, "no enrollment request " + id);
    }
    if (found.status() != EnrollmentRequest.Status.PENDING) {
      throw new CaException(
          CaException.Reason.CONFLICT, "the request was decided already: " + found.status());
    }
    return found;
  }

  // ---------------------------------------------------------------- what the endpoints call

  @Override
  public Endpoint endpoint(String name, Protocol protocol) throws CaException {
    return EndpointCache.get(name, protocol, () -> lookup(name, protocol));
  }

  private Endpoint lookup(String name, Protocol protocol) throws CaException {
    List<EnrollmentProfile> named =
        em.createQuery(
                "select p from EnrollmentProfile p where p.name = :n", EnrollmentProfile.class)
            .setParameter("n", name)
            .getResultList();
    EnrollmentProfile profile =
        named.stream()
            .filter(p -> p.settings().protocol().equals(protocol.name()))
            .findFirst()
            .orElseThrow(
                () ->
                    new CaException(
                        CaException.Reason.NOT_FOUND, "no " + protocol + " profile " + name));
    if (!profile.enabled()) {
      throw new CaException(CaException.Reason.DISABLED, "the profile " + name + " is disabled");
    }
    List<X509Certificate> chain =
        Issuance.issuerChain(Lookups.issuer(em, profile.issuerId())).certificates();
    byte[] raCertificate = profile.raCertificate();
    var settings = profile.settings();
    return new Endpoint(
        profile.id(),
        profile.name(),
        protocol,
        Authentication.valueOf(settings.authentication()),
        settings.allowDes(),
        chain,
        raCertificate == null ? null : Signing.x509(Issuance.holder(raCertificate)),
        settings.templateId(),
        settings.manualApproval());
  }

  @Override
  public <T> T enroll(
      Actor device,
      UUID profileId,
      Proof proof,
      byte[] csr,
      String transactionId,
      boolean renewal,
      Answer<T> answer)
      throws CaException {
    EnrollmentProfile profile = usable(profileId);
    if (transactionId != null) {
      EnrollmentRequest earlier = byTransaction(profileId, transactionId);
      if (earlier != null) {
        // A device sending its request again (a one-time challenge is spent by then) gets what
        // the first one got; another request under the same transaction id gets nothing.
        if (!Arrays.equals(earlier.csr(), csr)) {
          throw new CaException(
              CaException.Reason.INVALID,
              "the transaction id " + transactionId + " belongs to another request");
        }
        return answer.to(outcome(earlier));
      }
    }
    Csr parsed = parsed(csr);
    Certificate renews;
    try {
      renews = admitted(device, profile, proof, parsed, renewal);
    } catch (CaException e) {
      audit.refusal(
          device,
          renewal ? "enrollment.renew" : "enrollment.enroll",
          "enrollment-profile",
          profileId,
          "profile=%s subject=%s refused: %s"
              .formatted(profile.name(), Requests.display(parsed.subject()), e.getMessage()));
      throw e;
    }
    EnrollmentRequest request =
        new EnrollmentRequest(
            profileId,
            new EnrollmentRequest.Asked(
                transactionId,
                Requests.display(parsed.subject()),
                Requests.searchable(Requests.sans(parsed.requestedSans())),
                csr,
                renews == null ? null : renews.id(),
                device.name(),
                device.address()),
            Instant.now());
    if (profile.settings().manualApproval()) {
      em.persist(request);
      audit.success(
          device,
          "enrollment.request",
          "enrollment-request",
          request.id(),
          "profile=%s subject=%s pending approval".formatted(profile.name(), request.subject()));
      return answer.to(new Outcome(request(request), null));
    }
    // The request row is stored with the certificate, in the issuance's (group) transaction.
    var answered = new Answered<>(request, "profile " + profile.name(), answer);
    issue(device, profile, request, channel(profile), answered);
    return answered.answer;
  }

  /** An enrollment request stored with its certificate, and answered while both commit. */
  private final class Answered<T> implements Issuance.Companion {
    private final EnrollmentRequest request;
    private final String decidedBy;
    private final Answer<T> answerer;
    private Request view;
    private T answer;

    Answered(EnrollmentRequest request, String decidedBy, Answer<T> answerer) {
      this.request = request;
      this.decidedBy = decidedBy;
      this.answerer = answerer;
    }

    @Override
    public Object row(UUID certificateId) {
      request.issued(certificateId, decidedBy, Instant.now());
      // Read here, before the row is handed to the thread that stores it.
      view = request(request);
      return request;
    }

    @Override
    public void whileStoring(Certificates.Issued issued) throws CaException {
      answer = answerer.to(new Outcome(view, issued));
    }
  }

  @Override
  public KeyOutcome enrollWithServerKey(Actor device, UUID profileId, Proof proof, byte[] csr)
      throws CaException {
    EnrollmentProfile profile = usable(profileId);
    if (profile.settings().manualApproval()) {
      throw new CaException(
          CaException.Reason.CONFLICT,
          "the profile waits for approval, and a key the server makes is not kept until then");
    }
    Csr parsed = parsed(csr);
    try {
      admitted(device, profile, proof, parsed, false);
    } catch (CaException e) {
      audit.refusal(
          device,
          "enrollment.serverkeygen",
          "enrollment-profile",
          profileId,
          "profile=%s refused: %s".formatted(profile.name(), e.getMessage()));
      throw e;
    }
    Issuance.WithKey made =
        issuance.issueWithServerKey(
            device, profile.issuerId(), profile.templateId(), base64(csr), channel(profile));
    EnrollmentRequest request =
        new EnrollmentRequest(
            profileId,
            new EnrollmentRequest.Asked(
                null,
                made.issued().certificate().subject(),
                String.join(", ", made.issued().certificate().sans()),
                csr,
                null,
                device.name(),
                device.address()),
            Instant.now());
    request.issued(made.issued().certificate().id(), "profile " + profile.name(), Instant.now());
    em.persist(request);
    return new KeyOutcome(
        new Outcome(request(request), made.issued()), made.pair().getPrivate().getEncoded());
  }

  @Override
  public Outcome poll(UUID profileId, String transactionId) throws CaException {
    profile(profileId);
    EnrollmentRequest request = byTransaction(profileId, transactionId);
    if (request == null) {
      throw new CaException(
          CaException.Reason.NOT_FOUND, "no request with transaction id " + transactionId);
    }
    return outcome(request);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public byte[] certificate(UUID profileId, BigInteger serial) throws CaException {
    EnrollmentProfile profile = profile(profileId);
    return em
        .createQuery(
            "select c from Certificate c where c.issuer.id = :i and c.serial = :s",
            Certificate.class)
        .setParameter("i", profile.issuerId())
        .setParameter("s", serial.toString(16))
        .getResultList()
        .stream()
        .findFirst()
        .map(Certificate::der)
        .orElseThrow(
            () ->
                new CaException(
                    CaException.Reason.NOT_FOUND,
                    "no certificate with serial " + serial.toString(16) + " from this issuer"));
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public byte[] crl(UUID profileId) throws CaException {
    EnrollmentProfile profile = profile(profileId);
    List<?> chunks =
        em.createNativeQuery(
                "select k.bytes from crl_chunk k where k.crl_id = (select c.id from crl c"
                    + " where c.issuer_id = ?1 and not c.delta order by c.number desc limit 1)"
                    + " order by k.no")
            .setParameter(1, profile.issuerId())
            .getResultList();
    if (chunks.isEmpty()) {
      throw new CaException(CaException.Reason.NOT_FOUND, "no CRL has been published yet");
    }
    java.io.ByteArrayOutputStream crl = new java.io.ByteArrayOutputStream();
    chunks.forEach(chunk -> crl.writeBytes((byte[]) chunk));
    return crl.toByteArray();
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public byte[] raDecrypt(UUID profileId, byte[] encryptedKey) throws CaException {
    return ra.decrypt(profile(profileId), encryptedKey);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public byte[] raSign(UUID profileId, String algorithm, byte[] data) throws CaException {
    return ra.sign(profile(profileId), algorithm, data);
  }

  // ---------------------------------------------------------------- the rules

  /**
   * Whether the device may enrol: its proof fits the profile's way, or for a renewal, it holds a
   * current certificate of the issuer for the same subject. Returns the certificate renewed.
   */
  private Certificate admitted(
      Actor device, EnrollmentProfile profile, Proof proof, Csr csr, boolean renewal)
      throws CaException {
    if (renewal) {
      Certificate current = current(profile, proof.certificate());
      if (!Issuance.holder(current.der()).getSubject().equals(csr.subject())) {
        throw new CaException(
            CaException.Reason.INVALID, "a renewal keeps the subject of the certificate it renews");
      }
      return current;
    }
    switch (Authentication.valueOf(profile.settings().authentication())) {
      case CHALLENGE -> {
        if (proof.password() == null || !profile.secretMatches(Secrets.sha256(proof.password()))) {
          throw unauthenticated("the challenge password is wrong");
        }
      }
      case ONE_TIME_CHALLENGE -> useChallenge(profile, proof.password());
      case HTTP_BASIC -> {
        if (proof.username() == null
            || !proof.username().equals(profile.settings().username())
            || proof.password() == null
            || !profile.secretMatches(Secrets.sha256(proof.password()))) {
          throw unauthenticated("the user name or password is wrong");
        }
      }
      case CLIENT_CERTIFICATE -> current(profile, proof.certificate());
      case EXTERNAL_ACCOUNT -> throw unauthenticated("an ACME profile enrols through ACME");
    }
    return null;
  }

  private void useChallenge(EnrollmentProfile profile, String password) throws CaException {
    if (password == null) {
      throw unauthenticated("the request carries no challenge password");
    }
    List<EnrollmentChallenge> found =
        em.createQuery(
                "select c from EnrollmentChallenge c where c.secretSha256 = :h and c.profileId = :p",
                EnrollmentChallenge.class)
            .setParameter("h", Secrets.sha256(password))
            .setParameter("p", profile.id())
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    if (found.isEmpty() || !found.get(0).use(Instant.now())) {
      throw unauthenticated("the challenge password is wrong, used or expired");
    }
  }

  /** The stored, valid, unexpired certificate of the profile's issuer that a device presented. */
  private Certificate current(EnrollmentProfile profile, X509Certificate presented)
      throws CaException {
    if (presented == null) {
      throw unauthenticated("no certificate was presented");
    }
    byte[] der;
    try {
      der = presented.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw unauthenticated("the presented certificate does not encode");
    }
    Certificate stored =
        em
            .createQuery(
                "select c from Certificate c where c.issuer.id = :i and c.serial = :s",
                Certificate.class)
            .setParameter("i", profile.issuerId())
            .setParameter("s", presented.getSerialNumber().toString(16))
            .getResultList()
            .stream()
            .filter(c -> Arrays.equals(c.der(), der))
            .findFirst()
            .orElseThrow(
                () -> unauthenticated("the certificate is not one of this profile's issuer"));
    if (stored.status() != CertificateStatus.VALID) {
      throw unauthenticated("the certificate is " + stored.status().name().toLowerCase());
    }
    if (!stored.notAfter().isAfter(Instant.now())) {
      throw unauthenticated("the certificate has expired");
    }
    return stored;
  }

  private static CaException unauthenticated(String message) {
    return new CaException(CaException.Reason.UNAUTHENTICATED, message);
  }

  private Certificates.Issued issue(
      Actor actor,
      EnrollmentProfile profile,
      EnrollmentRequest request,
      String channel,
      Issuance.Companion companion)
      throws CaException {
    String csr = base64(request.csr());
    if (request.renewsId() != null) {
      return issuance.renew(actor, Lookups.certificate(em, request.renewsId()), csr, companion);
    }
    return issuance.issue(
        actor,
        profile.issuerId(),
        new Certificates.CsrRequest(profile.templateId(), csr, null),
        channel,
        companion);
  }

  private Outcome outcome(EnrollmentRequest request) throws CaException {
    Certificates.Issued issued =
        request.certificateId() == null
            ? null
            : Issuance.issued(Lookups.certificate(em, request.certificateId()));
    return new Outcome(request(request), issued);
  }

  private EnrollmentRequest byTransaction(UUID profileId, String transactionId) {
    return em
        .createQuery(
            "select r from EnrollmentRequest r where r.profileId = :p and r.transactionId = :t",
            EnrollmentRequest.class)
        .setParameter("p", profileId)
        .setParameter("t", transactionId)
        .getResultList()
        .stream()
        .findFirst()
        .orElse(null);
  }

  /** Issuer and template of the repository, the issuer one that signs leaves, the way fits. */
  private Issuer fitting(UUID repositoryId, Draft draft) throws CaException {
    Issuer issuer = Lookups.issuer(em, draft.issuerId());
    Template template = Lookups.template(em, draft.templateId());
    if (!issuer.repository().id().equals(repositoryId)
        || !template.repository().id().equals(repositoryId)) {
      throw new CaException(
          CaException.Reason.INVALID,
          "the issuer and the template must be of the profile's repository");
    }
    if (issuer.isRoot()) {
      throw new CaException(
          CaException.Reason.INVALID, "a root signs only CA certificates: name an intermediate");
    }
    boolean fits =
        switch (draft.authentication()) {
          case CHALLENGE, ONE_TIME_CHALLENGE -> draft.protocol() == Protocol.SCEP;
          case HTTP_BASIC, CLIENT_CERTIFICATE -> draft.protocol() == Protocol.EST;
          case EXTERNAL_ACCOUNT -> draft.protocol() == Protocol.ACME;
        };
    if (!fits) {
      throw new CaException(
          CaException.Reason.INVALID,
          draft.protocol()
              + " devices authenticate "
              + switch (draft.protocol()) {
                case SCEP -> "with CHALLENGE or ONE_TIME_CHALLENGE";
                case EST -> "with HTTP_BASIC or CLIENT_CERTIFICATE";
                case ACME -> "with EXTERNAL_ACCOUNT";
              });
    }
    if (draft.manualApproval() && draft.protocol() == Protocol.ACME) {
      // An ACME order is finalized at once: RFC 8555 has no state for a person's approval.
      throw new CaException(CaException.Reason.INVALID, "ACME profiles issue without approval");
    }
    boolean basic = draft.authentication() == Authentication.HTTP_BASIC;
    if (basic == (draft.username() == null || draft.username().isBlank())) {
      throw new CaException(
          CaException.Reason.INVALID, "a user name is given for HTTP_BASIC, and only for it");
    }
    if (draft.allowDes() && draft.protocol() != Protocol.SCEP) {
      throw new CaException(CaException.Reason.INVALID, "only SCEP knows DES");
    }
    return issuer;
  }

  private void requireFreeName(String name, UUID self) throws CaException {
    List<UUID> holders =
        em.createQuery("select p.id from EnrollmentProfile p where p.name = :n", UUID.class)
            .setParameter("n", name)
            .getResultList();
    if (holders.stream().anyMatch(holder -> !holder.equals(self))) {
      throw new CaException(CaException.Reason.CONFLICT, "a profile named " + name + " exists");
    }
  }

  private EnrollmentProfile profile(UUID id) throws CaException {
    EnrollmentProfile profile = em.find(EnrollmentProfile.class, id);
    if (profile == null) {
      throw new CaException(CaException.Reason.NOT_FOUND, "no enrollment profile " + id);
    }
    return profile;
  }

  /** The profile, if the actor may act in its repository. */
  private EnrollmentProfile scoped(Actor actor, EnrollmentProfile profile) throws CaException {
    Scope.require(actor, Lookups.repository(em, profile.repositoryId()));
    return profile;
  }

  private EnrollmentProfile usable(UUID id) throws CaException {
    EnrollmentProfile profile = profile(id);
    if (!profile.enabled()) {
      throw new CaException(
          CaException.Reason.DISABLED, "the profile " + profile.name() + " is disabled");
    }
    return profile;
  }

  private static Csr parsed(byte[] der) throws CaException {
    try {
      return Csr.parse(der);
    } catch (CsrException e) {
      throw new CaException(CaException.Reason.BAD_CSR, e.getMessage());
    }
  }

  private static String base64(byte[] der) {
    return Base64.getEncoder().encodeToString(der);
  }

  private static String channel(EnrollmentProfile profile) {
    return profile.settings().protocol();
  }

  private static String violations(CaException e) {
    return e.violations().isEmpty()
        ? ""
        : ": "
            + String.join(
                "; ", e.violations().stream().map(v -> v.rule() + " " + v.detail()).toList());
  }

  private static EnrollmentProfile.Settings settings(Draft draft) {
    return new EnrollmentProfile.Settings(
        draft.name(),
        draft.protocol().name(),
        draft.issuerId(),
        draft.templateId(),
        draft.authentication().name(),
        draft.authentication() == Authentication.HTTP_BASIC ? draft.username().strip() : null,
        draft.manualApproval(),
        draft.allowDes());
  }

  private static String describe(EnrollmentProfile profile) {
    var s = profile.settings();
    return "name=%s protocol=%s issuer=%s template=%s authentication=%s approval=%s des=%s"
        .formatted(
            s.name(),
            s.protocol(),
            s.issuerId(),
            s.templateId(),
            s.authentication(),
            s.manualApproval(),
            s.allowDes());
  }

  private View view(EnrollmentProfile profile) {
    var s = profile.settings();
    Issuer issuer = em.find(Issuer.class, s.issuerId());
    Template template = em.find(Template.class, s.templateId());
    byte[] raCertificate = profile.raCertificate();
    return new View(
        profile.id(),
        profile.repositoryId(),
        s.name(),
        Protocol.valueOf(s.protocol()),
        s.issuerId(),
        issuer == null ? null : issuer.label(),
        s.templateId(),
        template == null ? null : template.name(),
        Authentication.valueOf(s.authentication()),
        s.username(),
        s.manualApproval(),
        s.allowDes(),
        profile.enabled(),
        raCertificate == null
            ? null
            : Issuance.holder(raCertificate).getSerialNumber().toString(16),
        profile.updatedAt());
  }

  private Request request(EnrollmentRequest r) {
    EnrollmentProfile profile = em.find(EnrollmentProfile.class, r.profileId());
    return new Request(
        r.id(),
        r.profileId(),
        profile == null ? null : profile.name(),
        r.transactionId(),
        r.subject(),
        r.sans().isEmpty() ? List.of() : List.of(r.sans().split(", ")),
        Status.valueOf(r.status().name()),
        r.certificateId(),
        r.requestedFrom(),
        r.requestedAt(),
        r.decidedBy(),
        r.decidedAt(),
        r.reason());
  }

  /** For RegistrationAuthority, which reports token faults as the core does. */
  static CaException tokenFault(TokenException e) {
    return new CaException(CaException.Reason.TOKEN, "the token failed: " + e.getMessage());
  }

  static KeyAlias alias(EnrollmentProfile profile) throws CaException {
    KeyAlias alias = profile.raKeyAlias();
    if (alias == null) {
      throw new CaException(
          CaException.Reason.INVALID, "the profile " + profile.name() + " has no RA key");
    }
    return alias;
  }
}
