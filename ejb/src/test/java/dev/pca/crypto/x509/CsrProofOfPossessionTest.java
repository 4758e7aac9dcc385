package dev.pca.crypto.x509;

import static dev.pca.crypto.x509.CsrTest.SUBJECT;
import static dev.pca.crypto.x509.CsrTest.assertRefused;
import static dev.pca.crypto.x509.CsrTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.crypto.x509.CertificateMakerTest.TestPki;
import dev.pca.crypto.x509.CsrException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The self-signature of a request: who verifies it, and which algorithms are refused. */
class CsrProofOfPossessionTest {
  @TempDir Path dir;

  @Test
  void opensslRsaPssRequest_provesPossession() throws Exception {
    CsrTest.openssl(
        dir,
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "key.pem",
        "-subj",
        "/CN=pss",
        "-sha256",
        "-sigopt",
        "rsa_padding_mode:pss",
        "-sigopt",
        "rsa_pss_saltlen:32",
        "-out",
        "req.pem");

    Csr csr = Csr.parse(Files.readAllBytes(dir.resolve("req.pem")));

    assertThat(csr.keyAlgorithm()).isEqualTo("RSA");
    assertThat(csr.keyBits()).isEqualTo(2048);
    csr.verifyProofOfPossession(null);
    csr.verifyProofOfPossession(Security.getProvider("SunRsaSign"));
  }

  @Test
  void rsaRequest_provesPossession() throws Exception {
    KeyPair keys = TestPki.rsa(3072);

    Csr csr = Csr.parse(request(keys, null));

    assertThat(csr.keyAlgorithm()).isEqualTo("RSA");
    assertThat(csr.keyBits()).isEqualTo(3072);
    csr.verifyProofOfPossession(null);
  }

  @Test
  void ed25519Request_provesPossession() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

    Csr csr = Csr.parse(request(keys, "Ed25519", null));

    assertThat(csr.keyAlgorithm()).isEqualTo("Ed25519");
    assertThat(csr.keyBits()).isEqualTo(255);
    csr.verifyProofOfPossession(null);
  }

  @Test
  void proofOfPossession_usesTheGivenProviderAndFallsBackWhenItLacksTheAlgorithm()
      throws Exception {
    Csr csr = Csr.parse(request(TestPki.ec("secp521r1"), "SHA512withECDSA", null));

    assertThat(csr.keyBits()).isEqualTo(521);
    csr.verifyProofOfPossession(Security.getProvider("SunEC"));
    csr.verifyProofOfPossession(Security.getProvider("SUN")); // has no ECDSA at all
  }

  @Test
  void flippedSignatureByte_isBadSignature() throws Exception {
    byte[] der = request(TestPki.ec("secp256r1"), null);
    der[der.length - 1] ^= 0x01;
    Csr csr = Csr.parse(der);

    assertRefused(() -> csr.verifyProofOfPossession(null), Reason.BAD_SIGNATURE);
    assertRefused(
        () -> csr.verifyProofOfPossession(Security.getProvider("SunEC")), Reason.BAD_SIGNATURE);
  }

  @Test
  void signatureByAnotherKey_isBadSignature() throws Exception {
    KeyPair claimed = TestPki.ec("secp256r1");
    ContentSigner other = TestPki.signer(TestPki.ec("secp256r1"));
    byte[] der =
        new PKCS10CertificationRequestBuilder(SUBJECT, TestPki.spki(claimed))
            .build(other)
            .getEncoded();
    Csr csr = Csr.parse(der);

    assertRefused(() -> csr.verifyProofOfPossession(null), Reason.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SHA1withECDSA", "SHA224withECDSA"})
  void ecdsaWithAnythingButSha2From256_isBadSignature(String algorithm) throws Exception {
    Csr csr = Csr.parse(request(TestPki.ec("secp256r1"), algorithm, null));

    assertRefused(() -> csr.verifyProofOfPossession(null), Reason.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SHA1withRSA", "MD5withRSA"})
  void rsaWithMd5OrSha1_isBadSignature(String algorithm) throws Exception {
    Csr csr = Csr.parse(request(TestPki.rsa(2048), algorithm, null));

    assertRefused(() -> csr.verifyProofOfPossession(null), Reason.BAD_SIGNATURE);
  }
}
