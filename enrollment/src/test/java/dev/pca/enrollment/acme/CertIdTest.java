package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CertIdTest {
  /** RFC 9773 section 4.1's example. */
  @Test
  void parse_rfcExample() throws Exception {
    CertId id = CertId.parse("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");

    assertThat(id.keyIdentifier())
        .isEqualTo(HexFormat.of().parseHex("69885b6b87464041e1b37b847ba0ae2cde01c8d4"));
    assertThat(id.serial()).isEqualTo(new BigInteger("0087654321", 16));
  }

  @Test
  void parse_malformed_isRefused() {
    for (String bad :
        new String[] {
          "abc", ".AIdlQyE", "aYhb.", "a.b.c", "aYhb.gA", "aYhb.AAE", "aY=.AQ", "a+b.AQ"
        }) {
      assertThatThrownBy(() -> CertId.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(AcmeError.class, e -> assertThat(e.status()).isEqualTo(400));
    }
  }
}
