package dev.pca.system.scep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.ca.CaFixture;
import dev.pca.system.ca.Clients;
import dev.pca.system.scep.ScepFixture.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jscep.client.Client;
import org.jscep.client.EnrollmentResponse;
import org.jscep.transaction.FailInfo;
import org.jscep.transaction.OperationFailureException;
import org.jscep.transport.response.Capabilities;
import org.jscep.transport.response.Capability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** jscep's Client, a SCEP client nobody here wrote, against the SCEP endpoint. */
@ExtendWith(Clients.class)
class JscepClientIT {
  private static CaFixture.Ca ca;
  private static Profile profile;

  private Path work;

  @BeforeAll
  static void makeProfile() {
    ca = ScepFixture.newCa();
    profile = ScepFixture.profile(ca, false, false);
  }

  @BeforeEach
  void makeWorkDir() throws Exception {
    work = Files.createTempDirectory("pca-scep-");
  }

  @AfterEach
  void removeWorkDir() {
    Stack.deleteRecursively(work);
  }

  @Test
  void getCaCapabilities_offerAesSha256PostAndRenewal() {
    Capabilities capabilities = profile.client().getCaCapabilities();

    assertThat(capabilities.contains(Capability.AES)).isTrue();
    assertThat(capabilities.contains(Capability.SHA_256)).isTrue();
    assertThat(capabilities.contains(Capability.POST_PKI_OPERATION)).isTrue();
    assertThat(capabilities.contains(Capability.RENEWAL)).isTrue();
    assertThat(capabilities.contains(Capability.TRIPLE_DES)).isFalse();
  }

  @Test
  void enrol_withTheChallenge_issuesACertificateThatOpensslVerifies() throws Exception {
    Client client = profile.client();
    KeyPair keys = ScepFixture.rsaKeys();
    String subject = "CN=jscep-device.example.com,O=PCA Test";

    EnrollmentResponse response =
        client.enrol(
            ScepFixture.selfSigned(keys, subject),
            keys.getPrivate(),
            ScepFixture.csr(keys, subject, profile.challenge()));

    assertThat(response.isSuccess()).as("failInfo %s", response).isTrue();
    X509Certificate issued = leaf(response);
    assertThat(issued.getPublicKey()).isEqualTo(keys.getPublic());
    ScepFixture.assertVerifies(
        ScepFixture.opensslVerify(
            work, issued, ScepFixture.certificates(client.getCaCertificate())));
  }

  @Test
  void enrol_thatWaitsForApproval_isPendingThenPollIssuesOnceApproved() throws Exception {
    Profile approval = ScepFixture.profile(ca, true, false);
    Client client = approval.client();
    KeyPair keys = ScepFixture.rsaKeys();
    String subject = "CN=waiting-device.example.com";
    X509Certificate self = ScepFixture.selfSigned(keys, subject);

    EnrollmentResponse pending =
        client.enrol(self, keys.getPrivate(), ScepFixture.csr(keys, subject, approval.challenge()));
    assertThat(pending.isPending()).as("%s", pending).isTrue();
    EnrollmentResponse stillPending =
        client.poll(
            self, keys.getPrivate(), self.getSubjectX500Principal(), pending.getTransactionId());
    ScepFixture.approve(approval, pending.getTransactionId().toString());
    EnrollmentResponse issued =
        client.poll(
            self, keys.getPrivate(), self.getSubjectX500Principal(), pending.getTransactionId());

    assertThat(stillPending.isPending()).isTrue();
    assertThat(issued.isSuccess()).as("%s", issued).isTrue();
    assertThat(leaf(issued).getPublicKey()).isEqualTo(keys.getPublic());
  }

  @Test
  void enrol_signedWithTheCurrentCertificate_renewsIt() throws Exception {
    Client client = profile.client();
    KeyPair keys = ScepFixture.rsaKeys();
    String subject = "CN=renewing-device.example.com";
    X509Certificate first = enrolled(client, keys, subject);
    KeyPair next = ScepFixture.rsaKeys();

    // jscep renews with a PKCSReq signed by the current certificate, no challenge in the CSR.
    EnrollmentResponse renewed =
        client.enrol(first, keys.getPrivate(), ScepFixture.csr(next, subject, null));

    assertThat(renewed.isSuccess()).as("failInfo %s", renewed).isTrue();
    X509Certificate second = leaf(renewed);
    assertThat(second.getPublicKey()).isEqualTo(next.getPublic());
    assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
  }

  @Test
  void getCertificate_bySerial_returnsTheIssuedCertificate() throws Exception {
    Client client = profile.client();
    KeyPair keys = ScepFixture.rsaKeys();
    X509Certificate issued = enrolled(client, keys, "CN=getcert-device.example.com");

    List<X509Certificate> found =
        ScepFixture.certificates(
            client.getCertificate(issued, keys.getPrivate(), issued.getSerialNumber()));

    assertThat(found).containsExactly(issued);
  }

  @Test
  void getCertificate_ofAnUnknownSerial_failsWithBadCertId() throws Exception {
    Client client = profile.client();
    KeyPair keys = ScepFixture.rsaKeys();
    X509Certificate issued = enrolled(client, keys, "CN=nosuch-device.example.com");

    OperationFailureException failure =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            OperationFailureException.class,
            () -> client.getCertificate(issued, keys.getPrivate(), java.math.BigInteger.TWO));

    assertThat(failure.getFailInfo()).isEqualTo(FailInfo.badCertId);
  }

  @Test
  void getRevocationList_returnsTheIssuersCrl() throws Exception {
    Client client = profile.client();
    KeyPair keys = ScepFixture.rsaKeys();
    X509Certificate issued = enrolled(client, keys, "CN=crl-device.example.com");

    X509CRL crl = awaitCrl(client, issued, keys);

    assertThat(crl.getIssuerX500Principal()).isEqualTo(issued.getIssuerX500Principal());
    crl.verify(
        ScepFixture.certificates(client.getCaCertificate()).stream()
            .filter(c -> c.getSubjectX500Principal().equals(issued.getIssuerX500Principal()))
            .findFirst()
            .orElseThrow()
            .getPublicKey());
  }

  /** The issuer's first CRL is made by the schedule shortly after the issuer: wait for it. */
  private static X509CRL awaitCrl(Client client, X509Certificate identity, KeyPair keys)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (true) {
      try {
        return client.getRevocationList(
            identity,
            keys.getPrivate(),
            identity.getIssuerX500Principal(),
            identity.getSerialNumber());
      } catch (OperationFailureException e) {
        if (e.getFailInfo() != FailInfo.badCertId || Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(2000);
      }
    }
  }

  private X509Certificate enrolled(Client client, KeyPair keys, String subject) throws Exception {
    EnrollmentResponse response =
        client.enrol(
            ScepFixture.selfSigned(keys, subject),
            keys.getPrivate(),
            ScepFixture.csr(keys, subject, profile.challenge()));
    assertThat(response.isSuccess()).as("failInfo %s", response).isTrue();
    return leaf(response);
  }

  private static X509Certificate leaf(EnrollmentResponse response) {
    return ScepFixture.certificates(response.getCertStore()).stream()
        .filter(c -> c.getBasicConstraints() < 0)
        .findFirst()
        .orElseThrow();
  }
}
