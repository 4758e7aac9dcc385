package dev.pca.enrollment.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {
  @Test
  void parse_basicHeader_givesUserAndPassword_theLatterMayHoldColons() {
    assertThat(BasicCredentials.parse("Basic " + base64("router:pa:ss")))
        .contains(new BasicCredentials("router", "pa:ss"));
    assertThat(BasicCredentials.parse("basic " + base64("router:")))
        .contains(new BasicCredentials("router", ""));
  }

  @Test
  void parse_absentOtherSchemeOrMalformed_isEmpty() {
    assertThat(BasicCredentials.parse(null)).isEmpty();
    assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
    assertThat(BasicCredentials.parse("Basic !!!")).isEmpty();
    assertThat(BasicCredentials.parse("Basic " + base64("no colon"))).isEmpty();
  }

  @Test
  void toString_leavesThePasswordOut() {
    assertThat(new BasicCredentials("router", "secret").toString()).doesNotContain("secret");
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
