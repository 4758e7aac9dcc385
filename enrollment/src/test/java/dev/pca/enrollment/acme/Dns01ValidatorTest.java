package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.application.Acme;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Dns01ValidatorTest {
  private static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
  private static final String KEY_AUTHORIZATION =
      TOKEN + ".9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";

  private TestDnsServer dns;
  private Dns01Validator validator;

  @BeforeEach
  void start() throws Exception {
    dns = new TestDnsServer();
    validator =
        new Dns01Validator(new ValidationSettings(dns.address(), 80, 443, Duration.ofSeconds(3)));
  }

  @AfterEach
  void stop() throws Exception {
    dns.close();
  }

  @Test
  void validate_txtOfTheKeyAuthorizationDigest_passes() throws Exception {
    dns.txt("_acme-challenge.www.example.org", "something else");
    dns.txt("_acme-challenge.www.example.org", digest());

    validator.validate(dns("www.example.org"), TOKEN, KEY_AUTHORIZATION);
  }

  @Test
  void validate_truncatedUdpAnswer_retriesOverTcp() throws Exception {
    dns.txt("_acme-challenge.big.example.org", digest());
    dns.truncated.add(TestDnsServer.name("_acme-challenge.big.example.org"));

    validator.validate(dns("big.example.org"), TOKEN, KEY_AUTHORIZATION);

    assertThat(dns.tcpQuestions).contains("_acme-challenge.big.example.org. TXT");
  }

  @Test
  void validate_wrongTxt_isIncorrectResponse() throws Exception {
    dns.txt("_acme-challenge.www.example.org", "not-the-digest");

    assertThatThrownBy(() -> validator.validate(dns("www.example.org"), TOKEN, KEY_AUTHORIZATION))
        .isInstanceOfSatisfying(
            ValidationFailure.class,
            f -> {
              assertThat(f.type()).isEqualTo(Acme.ProblemType.INCORRECT_RESPONSE);
              assertThat(f.getMessage()).contains("\"not-the-digest\"");
            });
  }

  @Test
  void validate_noTxt_isUnauthorized() throws Exception {
    dns.exists("_acme-challenge.www.example.org");

    assertThatThrownBy(() -> validator.validate(dns("www.example.org"), TOKEN, KEY_AUTHORIZATION))
        .isInstanceOfSatisfying(
            ValidationFailure.class,
            f -> assertThat(f.type()).isEqualTo(Acme.ProblemType.UNAUTHORIZED));
  }

  @Test
  void validate_nxdomain_isDnsProblem() {
    assertThatThrownBy(() -> validator.validate(dns("none.example.org"), TOKEN, KEY_AUTHORIZATION))
        .isInstanceOfSatisfying(
            ValidationFailure.class,
            f -> {
              assertThat(f.type()).isEqualTo(Acme.ProblemType.DNS);
              assertThat(f.getMessage()).contains("NXDOMAIN");
              assertThat(f.problem().jsonText()).contains("urn:ietf:params:acme:error:dns");
            });
  }

  @Test
  void validate_resolverThatDoesNotAnswer_isDnsProblem() throws Exception {
    String silent;
    try (java.net.DatagramSocket socket =
        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      silent = "127.0.0.1:" + socket.getLocalPort();
      Dns01Validator deaf =
          new Dns01Validator(new ValidationSettings(silent, 80, 443, Duration.ofMillis(300)));

      assertThatThrownBy(() -> deaf.validate(dns("www.example.org"), TOKEN, KEY_AUTHORIZATION))
          .isInstanceOfSatisfying(
              ValidationFailure.class, f -> assertThat(f.type()).isEqualTo(Acme.ProblemType.DNS));
    }
  }

  @Test
  void addresses_areAThenAaaa() throws Exception {
    dns.a("v4.example.org", "127.0.0.1");
    dns.aaaa("v4.example.org", "::1");
    dns.aaaa("v6.example.org", "::1");
    DnsClient client = new DnsClient(dns.address(), Duration.ofSeconds(3));

    assertThat(client.addresses("v4.example.org"))
        .extracting(a -> a.getHostAddress())
        .containsExactly("127.0.0.1");
    assertThat(client.addresses("v6.example.org")).hasSize(1);
  }

  private static Acme.Identifier dns(String name) {
    return new Acme.Identifier("dns", name);
  }

  private static String digest() {
    return Base64Url.encode(KeyAuthorization.digest(KEY_AUTHORIZATION));
  }
}
