package dev.pca.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-written literal parsing and RFC 5952 formatting, checked against the JDK's own parser. */
class IpAddressesTest {
  @ParameterizedTest
  @CsvSource({
    "10.0.0.1, 10.0.0.1",
    "0.0.0.0, 0.0.0.0",
    "::, ::",
    "::1, ::1",
    "1::, 1::",
    "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
    "2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "2001:db8::0:1, 2001:db8::1",
    "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
    "::ffff:192.0.2.1, ::ffff:192.0.2.1",
    "::FFFF:c000:0201, ::ffff:192.0.2.1",
    "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304"
  })
  void format_parsedLiteral_isCanonical(String literal, String canonical) {
    assertThat(IpAddresses.format(IpAddresses.parse(literal))).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1.2.3",
        "1.2.3.4.5",
        "01.2.3.4",
        "256.1.1.1",
        "1.2.3.-4",
        ":::",
        "1:::2",
        "::1:",
        "12345::",
        "g::1",
        "::1.2.3.4:5",
        "1.2.3.4::",
        "::1%1",
        "example.com"
      })
  void parse_notALiteral_null(String text) {
    assertThat(IpAddresses.parse(text)).isNull();
  }

  @Test
  void parse_agreesWithJdkOnRandomAddresses() throws Exception {
    Random random = new Random(5280);
    for (int i = 0; i < 2000; i++) {
      byte[] address = new byte[i % 2 == 0 ? 4 : 16];
      random.nextBytes(address);
      if (i % 3 == 0 && address.length == 16) {
        address[4] = address[5] = address[6] = address[7] = 0;
      }
      String text = IpAddresses.format(address);
      assertThat(IpAddresses.parse(text)).as(text).isEqualTo(address);
      // A literal never reaches DNS, so the JDK parser is a fair second opinion here.
      byte[] jdk = InetAddress.getByName(text).getAddress();
      if (jdk.length == address.length) {
        assertThat(jdk).as(text).isEqualTo(address);
      }
    }
  }
}
