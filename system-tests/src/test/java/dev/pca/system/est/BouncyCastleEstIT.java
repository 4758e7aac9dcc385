package dev.pca.system.est;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.system.Stack;
import dev.pca.system.ca.CaFixture;
import dev.pca.system.ca.Clients;
import dev.pca.system.est.EstFixture.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.est.CSRRequestResponse;
import org.bouncycastle.est.ESTAuth;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.HttpAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EST with Bouncy Castle's client ({@code JsseESTServiceBuilder}), a client nobody here wrote: it
 * trusts the server's pinned certificate, checks the server's name, answers the Basic challenge and
 * presents a client certificate in the handshake when it has one.
 */
@ExtendWith(Clients.class)
class BouncyCastleEstIT {
  private static CaFixture.Ca ca;
  private static List<X509Certificate> caChain;
  private Path work;

  @BeforeAll
  static void makeCa() throws Exception {
    ca = EstFixture.newCa();
    Profile any = EstFixture.basicProfile(ca, false);
    caChain =
        EstFixture.certificates(EstFixture.client(any, null).getCACerts().getCertificateStore());
  }

  @BeforeEach
  void makeWorkDir() throws IOException {
    work = Files.createTempDirectory("pca-est-bc-");
  }

  @AfterEach
  void removeWorkDir() {
    Stack.deleteRecursively(work);
  }

  @Test
  void cacerts_ofALabel_isTheChainOfItsProfilesIssuer() {
    assertThat(caChain)
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactlyInAnyOrder(
            "CN=" + ca.intermediate().getString("label") + ",O=PCA",
            "CN=" + ca.root().getString("label") + ",O=PCA");
  }

  @Test
  void simpleEnroll_withTheProfilesPassword_issuesACertificateThatVerifies() throws Exception {
    Profile profile = EstFixture.basicProfile(ca, false);
    KeyPair keys = EstFixture.ecKeys();
    String name = EstFixture.deviceName();

    EnrollmentResponse answer =
        EstFixture.client(profile, null)
            .simpleEnroll(false, EstFixture.csr(keys, name), basic(profile, profile.password()));

    assertThat(answer.isCompleted()).isTrue();
    X509Certificate issued = EstFixture.leaf(EstFixture.certificates(answer.getStore()));
    assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=" + name);
    assertThat(issued.getPublicKey()).isEqualTo(keys.getPublic());
    EstFixture.assertVerifies(work, issued, caChain);
  }

  @Test
  void simpleEnroll_withAWrongPassword_isRefusedWith401() {
    Profile profile = EstFixture.basicProfile(ca, false);
    ESTService client = EstFixture.client(profile, null);

    assertThatThrownBy(
            () ->
                client.simpleEnroll(
                    false,
                    EstFixture.csr(EstFixture.ecKeys(), EstFixture.deviceName()),
                    basic(profile, profile.password() + "x")))
        .isInstanceOfSatisfying(
            ESTException.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
  }

  @Test
  void simpleReenroll_overTlsWithTheCurrentCertificate_renewsItForANewKey() throws Exception {
    Profile profile = EstFixture.basicProfile(ca, false);
    String name = EstFixture.deviceName();
    KeyPair first = EstFixture.ecKeys();
    X509Certificate current = enrol(profile, first, name);

    KeyPair second = EstFixture.ecKeys();
    EnrollmentResponse answer =
        EstFixture.client(profile, EstFixture.clientKeys(first, current))
            .simpleEnroll(true, EstFixture.csr(second, name), null);

    X509Certificate renewed = EstFixture.leaf(EstFixture.certificates(answer.getStore()));
    assertThat(renewed.getSubjectX500Principal()).isEqualTo(current.getSubjectX500Principal());
    assertThat(renewed.getPublicKey()).isEqualTo(second.getPublic());
    assertThat(renewed.getSerialNumber()).isNotEqualTo(current.getSerialNumber());
    EstFixture.assertVerifies(work, renewed, caChain);
  }

  @Test
  void simpleReenroll_withARevokedCertificate_isRefused() throws Exception {
    Profile profile = EstFixture.basicProfile(ca, false);
    String name = EstFixture.deviceName();
    KeyPair keys = EstFixture.ecKeys();
    X509Certificate current = enrol(profile, keys, name);
    EstFixture.revoke(ca, current);

    ESTService client = EstFixture.client(profile, EstFixture.clientKeys(keys, current));

    assertThatThrownBy(() -> client.simpleEnroll(true, EstFixture.csr(keys, name), null))
        .isInstanceOfSatisfying(
            ESTException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
  }

  @Test
  void csrAttributes_nameTheKeyTypesOfTheTemplate() throws Exception {
    Profile profile = EstFixture.basicProfile(ca, false);

    CSRRequestResponse answer = EstFixture.client(profile, null).getCSRAttributes();

    assertThat(answer.hasAttributesResponse()).isTrue();
    assertThat(answer.getAttributesResponse().getRequirements())
        .contains(X9ObjectIdentifiers.id_ecPublicKey, PKCSObjectIdentifiers.rsaEncryption);
  }

  @Test
  void serverKeyGen_returnsAPrivateKeyThatBelongsToItsCertificate() throws Exception {
    Profile profile = EstFixture.basicProfile(ca, false);
    String name = EstFixture.deviceName();

    EnrollmentResponse answer =
        EstFixture.client(profile, null)
            .simpleEnrollWithServersideCreation(
                EstFixture.csr(EstFixture.ecKeys(), name), basic(profile, profile.password()));

    X509Certificate issued = EstFixture.leaf(EstFixture.certificates(answer.getStore()));
    assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=" + name);
    PrivateKey key =
        KeyFactory.getInstance("EC")
            .generatePrivate(new PKCS8EncodedKeySpec(answer.getPrivateKeyInfo().getEncoded()));
    byte[] data = name.getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(data);
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(issued.getPublicKey());
    verifier.update(data);
    assertThat(verifier.verify(signer.sign())).isTrue();
    EstFixture.assertVerifies(work, issued, caChain);
  }

  @Test
  void pendingEnrollment_answers202WithRetryAfter_andTheRetryAfterApprovalGetsTheCertificate()
      throws Exception {
    Profile profile = EstFixture.basicProfile(ca, true);
    KeyPair keys = EstFixture.ecKeys();
    ESTService client = EstFixture.client(profile, null);

    EnrollmentResponse pending =
        client.simpleEnroll(
            false,
            EstFixture.csr(keys, EstFixture.deviceName()),
            basic(profile, profile.password()));

    assertThat(pending.isCompleted()).isFalse();
    assertThat(pending.getRequestToRetry()).isNotNull();
    assertThat(pending.getNotBefore()).isGreaterThan(System.currentTimeMillis());
    // Before a person decides, the same request still waits.
    assertThat(client.simpleEnroll(pending).isCompleted()).isFalse();

    EstFixture.approve(profile);
    EnrollmentResponse retried = client.simpleEnroll(pending);

    assertThat(retried.isCompleted()).isTrue();
    X509Certificate issued = EstFixture.leaf(EstFixture.certificates(retried.getStore()));
    assertThat(issued.getPublicKey()).isEqualTo(keys.getPublic());
    EstFixture.assertVerifies(work, issued, caChain);
  }

  private static X509Certificate enrol(Profile profile, KeyPair keys, String name)
      throws Exception {
    EnrollmentResponse answer =
        EstFixture.client(profile, null)
            .simpleEnroll(false, EstFixture.csr(keys, name), basic(profile, profile.password()));
    return EstFixture.leaf(EstFixture.certificates(answer.getStore()));
  }

  private static ESTAuth basic(Profile profile, String password) {
    return new HttpAuth("est", profile.username(), password.toCharArray());
  }
}
