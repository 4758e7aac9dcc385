package dev.pca.enrollment.scep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.Test;

class DegenerateTest {
  private final X509Certificate device = selfSigned();

  @Test
  void aCertificateFromDerOrPem_isTheOneCertificateOfANoSignerSignedData() throws Exception {
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(device.getEncoded())
            + "\n-----END CERTIFICATE-----\n";

    for (byte[] input : List.of(device.getEncoded(), pem.getBytes(StandardCharsets.US_ASCII))) {
      CMSSignedData signed = new CMSSignedData(Degenerate.certificate(input));

      assertThat(signed.getSignerInfos().size()).isZero();
      assertThat(signed.getCertificates().getMatches(null))
          .containsExactly(new X509CertificateHolder(device.getEncoded()));
    }
  }

  @Test
  void bytesThatAreNoCertificate_areRefused() {
    for (String input : List.of("", "no PEM at all", "-----END CERTIFICATE-----\n-----BEGIN ")) {
      assertThatThrownBy(() -> Degenerate.certificate(input.getBytes(StandardCharsets.US_ASCII)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aChain_keepsEveryCertificate() throws Exception {
    X509Certificate other = selfSigned();

    CMSSignedData signed = new CMSSignedData(Degenerate.certificates(List.of(device, other)));

    assertThat(signed.getCertificates().getMatches(null)).hasSize(2);
  }

  private static X509Certificate selfSigned() {
    try {
      return TestPki.selfSigned(TestPki.rsa(), "CN=degenerate test");
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
