package dev.pca.enrollment.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cmc.SimplePKIResponse;
import org.junit.jupiter.api.Test;

class CertsOnlyTest {
  @Test
  void of_certificates_isASimplePkiResponseCarryingThemAll() throws Exception {
    X509Certificate first = TestPki.selfSigned("first");
    X509Certificate second = TestPki.selfSigned("second");

    // Read back as Bouncy Castle's EST client reads a cacerts or simpleenroll answer.
    SimplePKIResponse read = new SimplePKIResponse(CertsOnly.of(List.of(first, second)));

    assertThat(read.getCertificates().getMatches(null))
        .extracting(X509CertificateHolder::getEncoded)
        .containsExactlyInAnyOrder(first.getEncoded(), second.getEncoded());
  }
}
