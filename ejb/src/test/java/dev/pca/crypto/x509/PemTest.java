package dev.pca.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.crypto.x509.CertificateMakerTest.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
  private static TestPki.Chain chain;

  @TempDir Path dir;

  @BeforeAll
  static void makeChain() {
    chain = TestPki.chain();
  }

  @Test
  void certificate_isOneBlockOf64CharacterLinesThatReadsBack() {
    String pem = Pem.certificate(chain.leaf());

    assertThat(pem)
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    assertThat(pem.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(64));
    assertThat(Pem.parseCertificate(pem.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(chain.leaf());
  }

  @Test
  void chain_isTheBlocksInTheOrderGiven() {
    String pem = Pem.chain(List.of(chain.leaf(), chain.intermediate()));

    assertThat(pem)
        .isEqualTo(Pem.certificate(chain.leaf()) + Pem.certificate(chain.intermediate()));
  }

  @Test
  void pkcs7_isACertsOnlySignedDataThatOpensslReads() throws Exception {
    byte[] p7 = Pem.pkcs7(List.of(chain.intermediate(), chain.root()));

    CMSSignedData signed = new CMSSignedData(p7);
    assertThat(signed.getSignerInfos().size()).isZero();
    assertThat(signed.getCertificates().getMatches(null))
        .containsExactlyInAnyOrder(chain.intermediate(), chain.root());
    assertThat(signed.getEncoded("DER")).isEqualTo(p7);

    Files.write(dir.resolve("cacerts.p7"), p7);
    TestPki.Run run =
        TestPki.run(dir, "openssl", "pkcs7", "-inform", "DER", "-in", "cacerts.p7", "-print_certs");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("subject=CN = PCA Test Intermediate", "subject=CN = PCA Test Root");
  }

  @Test
  void parseCertificate_readsDer() throws Exception {
    assertThat(Pem.parseCertificate(chain.root().getEncoded())).isEqualTo(chain.root());
  }

  @Test
  void parseCertificate_refusesTrailingBytesTwoBlocksAndOtherLabels() throws Exception {
    byte[] der = chain.root().getEncoded();
    String pem = Pem.certificate(chain.root());

    assertThatThrownBy(() -> Pem.parseCertificate(Arrays.copyOf(der, der.length + 2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pem.parseCertificate((pem + pem).getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Pem.parseCertificate(
                    pem.replace("CERTIFICATE", "X509 CRL").getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pem.parseCertificate(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseCertificate_readsWhatOpensslWrites() throws Exception {
    Files.writeString(dir.resolve("in.pem"), Pem.certificate(chain.leaf()));
    TestPki.Run run =
        TestPki.run(dir, "openssl", "x509", "-in", "in.pem", "-outform", "DER", "-out", "out.der");
    assertThat(run.exitCode()).as(run.output()).isZero();

    X509CertificateHolder read = Pem.parseCertificate(Files.readAllBytes(dir.resolve("out.der")));

    assertThat(read).isEqualTo(chain.leaf());
  }
}
