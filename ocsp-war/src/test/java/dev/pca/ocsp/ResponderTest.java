package dev.pca.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The responder over software keys and statuses in a map: bytes in, signed answers out. */
class ResponderTest {
  private static final Duration VALIDITY = Duration.ofHours(1);
  private static final TestPki.Ca CA = TestPki.ca("Responder Test CA");
  private static final TestPki.Ca OTHER = TestPki.ca("Other CA");

  private final UUID caId = UUID.randomUUID();
  private final UUID otherId = UUID.randomUUID();
  private final TestPki.MovingClock clock = new TestPki.MovingClock();
  private final Map<BigInteger, Status> statuses = new HashMap<>();
  private final List<Issuers.Row> rows = new ArrayList<>();
  private final GoodAnswers good = new GoodAnswers(100);
  private int reads;
  private Responder responder;

  @BeforeEach
  void makeResponder() throws Exception {
    rows.add(row(caId, CA, true, "ocsp-ca"));
    rows.add(row(otherId, OTHER, true, "ocsp-other"));
    Issuers issuers = new Issuers(() -> List.copyOf(rows), keys(), clock);
    Responder.Statuses database =
        (issuer, serials) -> {
          reads++;
          return serials.stream()
              .map(s -> issuer.equals(caId) ? statuses.getOrDefault(s, Status.UNKNOWN) : null)
              .map(s -> s == null ? Status.UNKNOWN : s)
              .toList();
        };
    responder = new Responder(issuers, database, good, clock);
  }

  @Test
  void good_isSignedByTheResponderCertificateThatTheCaSigned() throws Exception {
    statuses.put(BigInteger.valueOf(10), Status.GOOD);

    BasicOCSPResp basic =
        signed(responder.answer(TestPki.request(null, TestPki.id(CA.certificate(), 10))));

    assertThat(basic.isSignatureValid(verifier(CA.responder()))).isTrue();
    assertThat(basic.getCerts()).containsExactly(CA.responder());
    assertThat(CA.responder().isSignatureValid(verifier(CA.certificate()))).isTrue();
    SingleResp single = basic.getResponses()[0];
    assertThat(single.getCertStatus()).isEqualTo(CertificateStatus.GOOD);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    assertThat(single.getThisUpdate().toInstant()).isEqualTo(now);
    assertThat(single.getNextUpdate().toInstant()).isEqualTo(now.plus(VALIDITY));
    assertThat(basic.getProducedAt().toInstant()).isEqualTo(now);
    assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNull();
  }

  @Test
  void nextUpdate_neverOutlivesTheResponderCertificate() throws Exception {
    rows.set(0, row(caId, CA, true, "ocsp-ca", Duration.ofDays(31)));
    statuses.put(BigInteger.valueOf(9), Status.GOOD);

    SingleResp single = single(TestPki.id(CA.certificate(), 9));

    assertThat(single.getNextUpdate()).isEqualTo(CA.responder().getNotAfter());
  }

  @Test
  void revoked_carriesTimeReasonAndInvalidityDate() throws Exception {
    Instant revokedAt = Instant.parse("2026-01-02T03:04:05Z");
    Instant invalid = Instant.parse("2026-01-01T00:00:00Z");
    statuses.put(
        BigInteger.valueOf(11), Status.revoked(revokedAt, CRLReason.keyCompromise, invalid));

    SingleResp single = single(TestPki.id(CA.certificate(), 11));

    RevokedStatus revoked = (RevokedStatus) single.getCertStatus();
    assertThat(revoked.getRevocationTime().toInstant()).isEqualTo(revokedAt);
    assertThat(revoked.getRevocationReason()).isEqualTo(CRLReason.keyCompromise);
    Extension invalidity = single.getExtension(Extension.invalidityDate);
    assertThat(ASN1GeneralizedTime.getInstance(invalidity.getParsedValue()).getDate())
        .isEqualTo(Date.from(invalid));
  }

  @Test
  void hold_isRevokedWithCertificateHold() throws Exception {
    Instant heldAt = Instant.parse("2026-02-03T04:05:06Z");
    statuses.put(BigInteger.valueOf(12), Status.revoked(heldAt, Status.CERTIFICATE_HOLD, null));

    RevokedStatus held = (RevokedStatus) single(TestPki.id(CA.certificate(), 12)).getCertStatus();

    assertThat(held.getRevocationReason()).isEqualTo(CRLReason.certificateHold);
    assertThat(held.getRevocationTime().toInstant()).isEqualTo(heldAt);
  }

  @Test
  void unspecifiedReason_isLeftOut() throws Exception {
    statuses.put(BigInteger.valueOf(13), Status.revoked(Instant.now(), 0, null));

    RevokedStatus revoked =
        (RevokedStatus) single(TestPki.id(CA.certificate(), 13)).getCertStatus();

    assertThat(revoked.hasRevocationReason()).isFalse();
  }

  @Test
  void serialNeverIssued_isUnknown() throws Exception {
    assertThat(single(TestPki.id(CA.certificate(), 14)).getCertStatus())
        .isInstanceOf(UnknownStatus.class);
  }

  @Test
  void sha256CertId_isAnsweredWithTheSameCertId() throws Exception {
    statuses.put(BigInteger.valueOf(15), Status.GOOD);
    CertificateID id =
        TestPki.id(CA.certificate(), BigInteger.valueOf(15), CertificateID.HASH_SHA1);
    CertificateID sha256 =
        TestPki.id(
            CA.certificate(),
            BigInteger.valueOf(15),
            new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256));

    SingleResp single = single(sha256);

    assertThat(single.getCertID()).isEqualTo(sha256).isNotEqualTo(id);
    assertThat(single.getCertStatus()).isEqualTo(CertificateStatus.GOOD);
  }

  @Test
  void nonce_isEchoedAndTheAnswerIsNotKept() throws Exception {
    statuses.put(BigInteger.valueOf(16), Status.GOOD);
    OCSPReq request = TestPki.request(new byte[] {1, 2, 3}, TestPki.id(CA.certificate(), 16));

    BasicOCSPResp first = signed(responder.answer(request));
    BasicOCSPResp second = signed(responder.answer(request));

    assertThat(first.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce))
        .isEqualTo(request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
    assertThat(reads).isEqualTo(2);
    assertThat(second.getEncoded()).isNotEqualTo(first.getEncoded());
    assertThat(good.size()).isZero();
  }

  @Test
  void severalCertificates_areAnsweredInOrderInOneSignedAnswer() throws Exception {
    statuses.put(BigInteger.valueOf(1000), Status.GOOD);
    statuses.put(
        BigInteger.valueOf(1001), Status.revoked(Instant.now(), CRLReason.superseded, null));
    List<CertificateID> ids = TestPki.ids(CA.certificate(), 3);

    BasicOCSPResp basic =
        signed(responder.answer(TestPki.request(null, ids.toArray(CertificateID[]::new))));

    SingleResp[] singles = basic.getResponses();
    assertThat(singles).extracting(SingleResp::getCertID).containsExactlyElementsOf(ids);
    assertThat(singles[0].getCertStatus()).isEqualTo(CertificateStatus.GOOD);
    assertThat(singles[1].getCertStatus()).isInstanceOf(RevokedStatus.class);
    assertThat(singles[2].getCertStatus()).isInstanceOf(UnknownStatus.class);
    assertThat(reads).isEqualTo(1);
    assertThat(good.size()).isZero();
  }

  @Test
  void issuerNotKnown_isUnauthorized() throws Exception {
    X509CertificateHolder stranger = TestPki.ca("Stranger").certificate();

    assertThat(status(TestPki.request(null, TestPki.id(stranger, 1))))
        .isEqualTo(OCSPRespBuilder.UNAUTHORIZED);
  }

  @Test
  void ocspOffOrIssuerExpired_isUnauthorized() throws Exception {
    rows.set(0, row(caId, CA, false, "ocsp-ca"));
    rows.set(1, expired(row(otherId, OTHER, true, "ocsp-other")));

    assertThat(status(TestPki.request(null, TestPki.id(CA.certificate(), 1))))
        .isEqualTo(OCSPRespBuilder.UNAUTHORIZED);
    assertThat(status(TestPki.request(null, TestPki.id(OTHER.certificate(), 1))))
        .isEqualTo(OCSPRespBuilder.UNAUTHORIZED);
  }

  @Test
  void noResponderYet_isTryLaterUntilOneIsMade() throws Exception {
    rows.set(0, row(caId, CA, true, null));
    statuses.put(BigInteger.ONE, Status.GOOD);
    OCSPReq request = TestPki.request(null, TestPki.id(CA.certificate(), 1));

    assertThat(status(request)).isEqualTo(OCSPRespBuilder.TRY_LATER);

    rows.set(0, row(caId, CA, true, "ocsp-ca"));
    assertThat(status(request)).isEqualTo(OCSPRespBuilder.SUCCESSFUL);
  }

  @Test
  void issuerMadeAfterTheLastRead_isServedAtOnce() throws Exception {
    statuses.put(BigInteger.ONE, Status.GOOD);
    assertThat(status(TestPki.request(null, TestPki.id(CA.certificate(), 1))))
        .isEqualTo(OCSPRespBuilder.SUCCESSFUL);
    TestPki.Ca fresh = TestPki.ca("Fresh CA");
    rows.add(row(UUID.randomUUID(), fresh, true, null));

    assertThat(status(TestPki.request(null, TestPki.id(fresh.certificate(), 1))))
        .isEqualTo(OCSPRespBuilder.TRY_LATER);
  }

  @Test
  void responderKeyMissingFromTheToken_isUnauthorized() throws Exception {
    rows.set(0, row(caId, CA, true, "ocsp-not-on-the-token"));

    assertThat(status(TestPki.request(null, TestPki.id(CA.certificate(), 1))))
        .isEqualTo(OCSPRespBuilder.UNAUTHORIZED);
  }

  @Test
  void certificatesOfTwoIssuers_areUnauthorized() throws Exception {
    OCSPReq mixed =
        TestPki.request(null, TestPki.id(CA.certificate(), 1), TestPki.id(OTHER.certificate(), 1));

    assertThat(status(mixed)).isEqualTo(OCSPRespBuilder.UNAUTHORIZED);
  }

  @Test
  void good_isKeptUntilHalfItsValidityHasPassed() throws Exception {
    statuses.put(BigInteger.valueOf(20), Status.GOOD);
    OCSPReq request = TestPki.request(null, TestPki.id(CA.certificate(), 20));

    byte[] first = responder.answer(request).der();
    clock.advance(VALIDITY.dividedBy(2).minusSeconds(1));
    byte[] again = responder.answer(request).der();
    clock.advance(Duration.ofSeconds(1));
    byte[] renewed = responder.answer(request).der();

    assertThat(again).isSameAs(first);
    assertThat(renewed).isNotEqualTo(first);
    assertThat(reads).isEqualTo(2);
  }

  @Test
  void evicted_isAnsweredAfreshWithTheNewStatus() throws Exception {
    statuses.put(BigInteger.valueOf(21), Status.GOOD);
    OCSPReq request = TestPki.request(null, TestPki.id(CA.certificate(), 21));
    responder.answer(request);

    statuses.put(
        BigInteger.valueOf(21), Status.revoked(Instant.now(), CRLReason.keyCompromise, null));
    good.evict(caId, BigInteger.valueOf(21));

    assertThat(signed(responder.answer(request)).getResponses()[0].getCertStatus())
        .isInstanceOf(RevokedStatus.class);
  }

  @Test
  void revokedAndUnknown_areNotKept() throws Exception {
    statuses.put(
        BigInteger.valueOf(22), Status.revoked(Instant.now(), CRLReason.keyCompromise, null));

    responder.answer(TestPki.request(null, TestPki.id(CA.certificate(), 22)));
    responder.answer(TestPki.request(null, TestPki.id(CA.certificate(), 23)));

    assertThat(good.size()).isZero();
  }

  @Test
  void answer_readBeforeAnEviction_isNotKept() throws Exception {
    statuses.put(BigInteger.valueOf(24), Status.GOOD);
    OCSPReq request = TestPki.request(null, TestPki.id(CA.certificate(), 24));
    Responder.Statuses slow =
        (issuer, serials) -> {
          // The revocation commits and is evicted between this read and the answer being kept.
          List<Status> read = List.of(Status.GOOD);
          good.evict(caId, BigInteger.valueOf(24));
          return read;
        };
    Responder racing =
        new Responder(new Issuers(() -> List.copyOf(rows), keys(), clock), slow, good, clock);

    racing.answer(request);

    assertThat(good.size()).isZero();
  }

  // ---- helpers ----

  private SingleResp single(CertificateID id) throws Exception {
    return signed(responder.answer(TestPki.request(null, id))).getResponses()[0];
  }

  private int status(OCSPReq request) throws Exception {
    Answer answer = responder.answer(request);
    OCSPResp parsed = new OCSPResp(answer.der());
    if (parsed.getStatus() != OCSPRespBuilder.SUCCESSFUL) {
      assertThat(parsed.getResponseObject()).isNull();
      assertThat(answer.isSigned()).isFalse();
    }
    return parsed.getStatus();
  }

  private static BasicOCSPResp signed(Answer answer) throws Exception {
    OCSPResp parsed = new OCSPResp(answer.der());
    assertThat(parsed.getStatus()).isEqualTo(OCSPRespBuilder.SUCCESSFUL);
    return (BasicOCSPResp) parsed.getResponseObject();
  }

  private static org.bouncycastle.operator.ContentVerifierProvider verifier(
      X509CertificateHolder certificate) throws Exception {
    return new JcaContentVerifierProviderBuilder().build(certificate);
  }

  private static Issuers.Row row(UUID id, TestPki.Ca ca, boolean ocsp, String alias) {
    return row(id, ca, ocsp, alias, VALIDITY);
  }

  private static Issuers.Row row(
      UUID id, TestPki.Ca ca, boolean ocsp, String alias, Duration validity) {
    try {
      return new Issuers.Row(
          id,
          "label-" + id,
          ca.certificate().getEncoded(),
          ca.certificate().getNotAfter().toInstant(),
          ocsp,
          validity,
          alias,
          alias == null ? null : ca.responder().getEncoded());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Issuers.Row expired(Issuers.Row row) {
    return new Issuers.Row(
        row.id(),
        row.label(),
        row.certificate(),
        Instant.now().minusSeconds(1),
        row.ocspEnabled(),
        row.validity(),
        row.keyAlias(),
        row.responder());
  }

  private static Issuers.Keys keys() {
    return new Issuers.Keys() {
      @Override
      public PrivateKey privateKey(String alias) throws GeneralSecurityException {
        return switch (alias) {
          case "ocsp-ca" -> CA.responderKeys().getPrivate();
          case "ocsp-other" -> OTHER.responderKeys().getPrivate();
          default -> null;
        };
      }

      @Override
      public Provider provider() {
        return null;
      }
    };
  }
}
