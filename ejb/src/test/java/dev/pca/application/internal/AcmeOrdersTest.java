package dev.pca.application.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pca.application.Acme.Problem;
import dev.pca.application.Acme.ProblemType;
import dev.pca.application.CaException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcmeOrdersTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void validity_noDates_isTheTemplates() throws Problem {
    assertThat(AcmeOrders.validity(null, null, NOW)).isNull();
  }

  @Test
  void validity_notAfter_runsFromNow() throws Problem {
    assertThat(AcmeOrders.validity(NOW, NOW.plus(Duration.ofDays(30)), NOW))
        .isEqualTo(Duration.ofDays(30));
  }

  @Test
  void validity_notBeforeAhead_orNotAfterPassed_isMalformed() {
    assertThat(
            catchThrowableOfType(
                    () -> AcmeOrders.validity(NOW.plus(Duration.ofDays(1)), null, NOW),
                    Problem.class)
                .type())
        .isEqualTo(ProblemType.MALFORMED);
    assertThat(
            catchThrowableOfType(
                    () -> AcmeOrders.validity(null, NOW.minusSeconds(1), NOW), Problem.class)
                .type())
        .isEqualTo(ProblemType.MALFORMED);
  }

  @Test
  void problem_templateRefusingNames_isRejectedIdentifier() {
    CaException refused =
        new CaException(
            CaException.Reason.POLICY,
            "the request breaks the template tls",
            List.of(new CaException.Violation("DNS_NAME", "dNSName evil.org is not allowed")));
    Problem p = AcmeOrders.problem(refused);
    assertThat(p.type()).isEqualTo(ProblemType.REJECTED_IDENTIFIER);
    assertThat(p.getMessage()).contains("evil.org");
  }

  @Test
  void problem_templateRefusingTheKey_isBadCsr() {
    CaException refused =
        new CaException(
            CaException.Reason.POLICY,
            "the request breaks the template tls",
            List.of(new CaException.Violation("KEY_SIZE", "RSA key of 1024 bits")));
    assertThat(AcmeOrders.problem(refused).type()).isEqualTo(ProblemType.BAD_CSR);
    assertThat(
            AcmeOrders.problem(new CaException(CaException.Reason.BAD_CSR, "bad signature")).type())
        .isEqualTo(ProblemType.BAD_CSR);
  }

  @Test
  void problem_tokenFault_tellsNoInternals() {
    Problem p = AcmeOrders.problem(new CaException(CaException.Reason.TOKEN, "CKR_DEVICE_ERROR"));
    assertThat(p.type()).isEqualTo(ProblemType.SERVER_INTERNAL);
    assertThat(p.getMessage()).doesNotContain("CKR");
  }

  @Test
  void ordersPerHour_readsTheSystemProperty() {
    String before = System.getProperty(AcmeOrders.RATE_PROPERTY);
    try {
      System.clearProperty(AcmeOrders.RATE_PROPERTY);
      assertThat(AcmeOrders.ordersPerHour()).isEqualTo(300);
      System.setProperty(AcmeOrders.RATE_PROPERTY, "5");
      assertThat(AcmeOrders.ordersPerHour()).isEqualTo(5);
      System.setProperty(AcmeOrders.RATE_PROPERTY, "many");
      assertThat(AcmeOrders.ordersPerHour()).isEqualTo(300);
    } finally {
      if (before == null) {
        System.clearProperty(AcmeOrders.RATE_PROPERTY);
      } else {
        System.setProperty(AcmeOrders.RATE_PROPERTY, before);
      }
    }
  }
}
