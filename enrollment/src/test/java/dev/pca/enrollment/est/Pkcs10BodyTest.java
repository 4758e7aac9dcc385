package dev.pca.enrollment.est;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Pkcs10BodyTest {
  private static final byte[] CSR = TestPki.csr("device");

  @Test
  void decode_base64WithLineBreaks_isTheDer() throws Exception {
    byte[] body = Base64.getMimeEncoder().encode(CSR);

    assertThat(Pkcs10Body.decode(body)).isEqualTo(CSR);
  }

  @Test
  void decode_pemArmour_isTolerated() throws Exception {
    String pem =
        "-----BEGIN CERTIFICATE REQUEST-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(CSR)
            + "\n-----END CERTIFICATE REQUEST-----\n";

    assertThat(Pkcs10Body.decode(pem.getBytes(StandardCharsets.US_ASCII))).isEqualTo(CSR);
  }

  @Test
  void decode_rawDer_isTakenAtItsWord() throws Exception {
    assertThat(Pkcs10Body.decode(CSR)).isEqualTo(CSR);
  }

  @Test
  void decode_emptyOrGarbage_answers400() {
    for (String body : new String[] {"", "   \r\n", "not base64 at all!"}) {
      assertThatThrownBy(() -> Pkcs10Body.decode(body.getBytes(StandardCharsets.US_ASCII)))
          .isInstanceOfSatisfying(EstError.class, e -> assertThat(e.status()).isEqualTo(400));
    }
  }
}
