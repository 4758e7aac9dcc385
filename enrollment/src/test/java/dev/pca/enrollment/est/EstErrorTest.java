package dev.pca.enrollment.est;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.application.CaException;
import dev.pca.application.CaException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class EstErrorTest {
  @Test
  void of_unauthenticatedPassword_answers401WithTheBasicChallenge() {
    EstError error = EstError.of(refusal(Reason.UNAUTHENTICATED, "the password is wrong"), true);

    assertThat(error.status()).isEqualTo(401);
    assertThat(error.headers().get("WWW-Authenticate")).startsWith("Basic realm=\"est\"");
    assertThat(error.text()).as("no body, nor the reason").isNull();
  }

  @Test
  void of_unauthenticatedCertificate_answers403_withoutChallenge() {
    EstError error =
        EstError.of(refusal(Reason.UNAUTHENTICATED, "the certificate is revoked"), false);

    assertThat(error.status()).isEqualTo(403);
    assertThat(error.headers()).isEmpty();
    assertThat(error.text()).contains("revoked");
  }

  @Test
  void of_policy_answers400NamingTheRulesBroken() {
    CaException refusal =
        new CaException(
            Reason.POLICY,
            "the request breaks the template",
            List.of(new CaException.Violation("san.dns", "x.invalid is not allowed")));

    EstError error = EstError.of(refusal, true);

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.text()).contains("san.dns (x.invalid is not allowed)");
  }

  @Test
  void of_eachReason_hasItsStatus() {
    assertThat(status(Reason.BAD_CSR)).isEqualTo(400);
    assertThat(status(Reason.INVALID)).isEqualTo(400);
    assertThat(status(Reason.NOT_FOUND)).isEqualTo(404);
    assertThat(status(Reason.DISABLED)).isEqualTo(403);
    assertThat(status(Reason.FORBIDDEN)).isEqualTo(403);
    assertThat(status(Reason.QUOTA_SPENT)).isEqualTo(403);
    assertThat(status(Reason.CONFLICT)).isEqualTo(409);
    assertThat(status(Reason.TOKEN)).isEqualTo(503);
    assertThat(EstError.of(refusal(Reason.TOKEN, "x"), true).headers()).containsKey("Retry-After");
  }

  @Test
  void of_longMessageOverLines_isOneShortLine() {
    EstError error = EstError.of(refusal(Reason.BAD_CSR, "bad\n".repeat(500)), true);

    assertThat(error.text()).doesNotContain("\n").hasSizeLessThanOrEqualTo(330);
  }

  private static int status(Reason reason) {
    return EstError.of(refusal(reason, "detail"), true).status();
  }

  private static CaException refusal(Reason reason, String message) {
    return new CaException(reason, message);
  }
}
