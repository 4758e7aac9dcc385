package dev.pca.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.application.Enrollments.Authentication;
import org.junit.jupiter.api.Test;

class EditEnrollmentProfileTest {
  @Test
  void onlySharedChallengesAndBasicPasswords_areSecretsOfTheProfile() {
    assertThat(EditEnrollmentProfile.hasSecret(Authentication.CHALLENGE)).isTrue();
    assertThat(EditEnrollmentProfile.hasSecret(Authentication.HTTP_BASIC)).isTrue();
    assertThat(EditEnrollmentProfile.hasSecret(Authentication.ONE_TIME_CHALLENGE)).isFalse();
    assertThat(EditEnrollmentProfile.hasSecret(Authentication.CLIENT_CERTIFICATE)).isFalse();
    assertThat(EditEnrollmentProfile.hasSecret(Authentication.EXTERNAL_ACCOUNT)).isFalse();
  }
}
