package dev.pca.enrollment.est;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.application.Enrollments.Proof;
import org.junit.jupiter.api.Test;

class RetryIdTest {
  private static final byte[] CSR = TestPki.csr("device");

  @Test
  void of_sameRequest_isTheSameId_ofAFewCharacters() {
    String id = RetryId.of("simpleenroll", CSR, Proof.basic("router", "secret"));

    assertThat(id).matches("est-[0-9a-f]{64}");
    assertThat(RetryId.of("simpleenroll", CSR.clone(), Proof.basic("router", "secret")))
        .isEqualTo(id);
  }

  @Test
  void of_otherOperationCsrOrCredentials_isAnotherId() {
    String id = RetryId.of("simpleenroll", CSR, Proof.basic("router", "secret"));

    assertThat(RetryId.of("simplereenroll", CSR, Proof.basic("router", "secret"))).isNotEqualTo(id);
    assertThat(RetryId.of("simpleenroll", TestPki.csr("device"), Proof.basic("router", "secret")))
        .isNotEqualTo(id);
    assertThat(RetryId.of("simpleenroll", CSR, Proof.basic("router", "guess"))).isNotEqualTo(id);
    assertThat(RetryId.of("simpleenroll", CSR, Proof.certificate(TestPki.selfSigned("device"))))
        .isNotEqualTo(id);
  }
}
