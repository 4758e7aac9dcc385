package dev.pca.enrollment.scep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.application.Actor;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cms.CMSSignedData;
import org.jscep.asn1.IssuerAndSubject;
import org.jscep.message.GetCert;
import org.jscep.message.GetCertInitial;
import org.jscep.message.GetCrl;
import org.jscep.message.PkcsReq;
import org.jscep.transaction.Nonce;
import org.jscep.transaction.TransactionId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PKIOperation bytes in, CertRep bytes out: requests made and replies read by jscep's message
 * classes, the core stood in for by {@link FakeEnrollments}.
 */
class PkiOperationTest {
  private static final String SUBJECT = "CN=device-1,O=Test";
  private static final X500Name CA = new X500Name("CN=Test CA");

  private static TestPki pki;
  private static KeyPair keys;

  private FakeEnrollments core;
  private Device device;

  @BeforeAll
  static void makePki() throws Exception {
    pki = new TestPki();
    keys = TestPki.rsa();
  }

  @BeforeEach
  void newDevice() throws Exception {
    core = new FakeEnrollments(pki);
    device = new Device(keys, TestPki.selfSigned(keys, SUBJECT), pki.ra);
  }

  @Test
  void pkcsReq_withTheChallenge_answersSuccessWithTheCertificateSealedToTheDevice()
      throws Exception {
    TransactionId transaction = TransactionId.createTransactionId();
    Nonce nonce = Nonce.nextNonce();

    org.jscep.message.CertRep reply =
        device.read(answer(device.jscep(pkcsReq(transaction, nonce, CHALLENGE), "AES")));

    assertThat(reply.getPkiStatus()).isEqualTo(org.jscep.transaction.PkiStatus.SUCCESS);
    assertThat(reply.getTransactionId()).isEqualTo(transaction);
    assertThat(reply.getRecipientNonce()).isEqualTo(nonce);
    assertThat(Device.certificates(reply))
        .singleElement()
        .satisfies(issued -> assertThat(issued.getPublicKey()).isEqualTo(keys.getPublic()));
  }

  @Test
  void pkcsReq_withAWrongChallenge_answersFailureBadRequest() throws Exception {
    org.jscep.message.CertRep reply = device.read(answer(device.jscep(pkcsReq("wrong"), "AES")));

    assertThat(reply.getPkiStatus()).isEqualTo(org.jscep.transaction.PkiStatus.FAILURE);
    assertThat(reply.getFailInfo()).isEqualTo(org.jscep.transaction.FailInfo.badRequest);
  }

  @Test
  void pkcsReq_waitingForApproval_answersPendingAndCertPollSucceedsOnceApproved() throws Exception {
    core.manualApproval = true;
    TransactionId transaction = TransactionId.createTransactionId();

    org.jscep.message.CertRep pending =
        device.read(
            answer(device.jscep(pkcsReq(transaction, Nonce.nextNonce(), CHALLENGE), "AES")));
    core.approve(transaction.toString());
    org.jscep.message.CertRep issued =
        device.read(answer(device.jscep(certPoll(transaction), "AES")));

    assertThat(pending.getPkiStatus()).isEqualTo(org.jscep.transaction.PkiStatus.PENDING);
    assertThat(issued.getPkiStatus()).isEqualTo(org.jscep.transaction.PkiStatus.SUCCESS);
    assertThat(Device.certificates(issued)).singleElement();
  }

  @Test
  void certPoll_forAnUnknownTransaction_answersBadCertId() throws Exception {
    org.jscep.message.CertRep reply =
        device.read(answer(device.jscep(certPoll(TransactionId.createTransactionId()), "AES")));

    assertThat(reply.getFailInfo()).isEqualTo(org.jscep.transaction.FailInfo.badCertId);
  }

  @Test
  void renewalReq_signedWithTheCurrentCertificate_answersSuccess() throws Exception {
    Device enrolled = enrolled();
    byte[] csr = TestPki.csr(keys, SUBJECT, null).getEncoded();

    org.jscep.message.CertRep reply =
        enrolled.read(answer(enrolled.raw(MessageType.RENEWAL_REQ.code(), "renew-1", csr)));

    assertThat(reply.getPkiStatus()).isEqualTo(org.jscep.transaction.PkiStatus.SUCCESS);
    assertThat(Device.certificates(reply)).singleElement();
  }

  @Test
  void pkcsReq_signedWithTheCurrentCertificateWithoutChallenge_isARenewal() throws Exception {
    // jscep knows no RenewalReq: it renews with a PKCSReq signed by the current certificate.
    Device enrolled = enrolled();

    org.jscep.message.CertRep reply = enrolled.read(answer(enrolled.jscep(pkcsReq(null), "AES")));

    assertThat(reply.getPkiStatus()).isEqualTo(org.jscep.transaction.PkiStatus.SUCCESS);
  }

  @Test
  void getCert_bySerial_answersThatCertificate() throws Exception {
    X509Certificate issued = enrolled().certificate;

    org.jscep.message.CertRep reply =
        device.read(answer(device.jscep(getCert(issued.getSerialNumber()), "AES")));

    assertThat(Device.certificates(reply)).containsExactly(issued);
  }

  @Test
  void getCert_ofAnUnknownSerial_answersBadCertId() throws Exception {
    org.jscep.message.CertRep reply =
        device.read(answer(device.jscep(getCert(BigInteger.valueOf(42)), "AES")));

    assertThat(reply.getFailInfo()).isEqualTo(org.jscep.transaction.FailInfo.badCertId);
  }

  @Test
  void getCrl_answersTheIssuersCrl() throws Exception {
    GetCrl request =
        new GetCrl(
            TransactionId.createTransactionId(),
            Nonce.nextNonce(),
            new IssuerAndSerialNumber(CA, pki.ra.getSerialNumber()));

    org.jscep.message.CertRep reply = device.read(answer(device.jscep(request, "AES")));

    assertThat(reply.getMessageData().getCRLs().getMatches(null)).hasSize(1);
  }

  @Test
  void aTamperedSignature_answersBadMessageCheck() throws Exception {
    byte[] request = device.jscep(pkcsReq(CHALLENGE), "AES");
    byte[] signature =
        new CMSSignedData(request).getSignerInfos().getSigners().iterator().next().getSignature();
    int at = indexOf(request, signature);
    request[at + signature.length - 1] ^= 0x01;

    org.jscep.message.CertRep reply = device.read(answer(request));

    assertThat(reply.getFailInfo()).isEqualTo(org.jscep.transaction.FailInfo.badMessageCheck);
  }

  @Test
  void tripleDes_whenTheProfileDoesNotAllowIt_answersBadAlg() throws Exception {
    org.jscep.message.CertRep reply =
        device.read(answer(device.jscep(pkcsReq(CHALLENGE), "DESede")));

    assertThat(reply.getFailInfo()).isEqualTo(org.jscep.transaction.FailInfo.badAlg);
  }

  @Test
  void singleDes_whenTheProfileAllowsLegacyAlgorithms_isServedAndAnsweredWithAes()
      throws Exception {
    byte[] answer =
        operation(true, Clock.systemUTC()).answer(device.jscep(pkcsReq(CHALLENGE), "DES"));

    assertThat(device.read(answer).getPkiStatus())
        .isEqualTo(org.jscep.transaction.PkiStatus.SUCCESS);
  }

  @Test
  void aSigningTimeDaysAway_answersBadTime() throws Exception {
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));

    byte[] answer = operation(false, later).answer(device.jscep(pkcsReq(CHALLENGE), "AES"));

    assertThat(device.read(answer).getFailInfo()).isEqualTo(org.jscep.transaction.FailInfo.badTime);
  }

  @Test
  void bytesThatAreNoCms_areMalformed() {
    assertThatThrownBy(() -> answer(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}))
        .isInstanceOf(MalformedMessage.class);
  }

  @Test
  void capabilities_offerDes3AndSha1OnlyWhereTheProfileAllowsThem() {
    assertThat(new Algorithms(false).capabilities())
        .containsExactly(
            "POSTPKIOperation", "SHA-256", "SHA-512", "AES", "SCEPStandard", "Renewal");
    assertThat(new Algorithms(true).capabilities()).contains("DES3", "SHA-1");
  }

  // ---- helpers ----

  private static final String CHALLENGE = FakeEnrollments.CHALLENGE;

  private byte[] answer(byte[] request) throws Exception {
    return operation(false, Clock.systemUTC()).answer(request);
  }

  private PkiOperation operation(boolean allowDes, Clock clock) {
    return new PkiOperation(
        core.core(),
        core.endpoint(allowDes),
        new Actor("scep:devices", "127.0.0.1"),
        clock,
        ForkJoinPool.commonPool());
  }

  /** The device after its first enrolment: it signs with the certificate it was issued. */
  private Device enrolled() throws Exception {
    org.jscep.message.CertRep reply = device.read(answer(device.jscep(pkcsReq(CHALLENGE), "AES")));
    return new Device(keys, Device.certificates(reply).get(0), pki.ra);
  }

  private static PkcsReq pkcsReq(String challenge) throws Exception {
    return pkcsReq(TransactionId.createTransactionId(), Nonce.nextNonce(), challenge);
  }

  private static PkcsReq pkcsReq(TransactionId transaction, Nonce nonce, String challenge)
      throws Exception {
    return new PkcsReq(transaction, nonce, TestPki.csr(keys, SUBJECT, challenge));
  }

  private static GetCertInitial certPoll(TransactionId transaction) {
    return new GetCertInitial(
        transaction, Nonce.nextNonce(), new IssuerAndSubject(CA, new X500Name(SUBJECT)));
  }

  private static GetCert getCert(BigInteger serial) {
    return new GetCert(
        TransactionId.createTransactionId(),
        Nonce.nextNonce(),
        new IssuerAndSerialNumber(CA, serial));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not found");
  }
}
