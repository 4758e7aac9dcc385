package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.application.Acme;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TlsAlpn01ValidatorTest {
  private static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
  private static final String KEY_AUTHORIZATION =
      TOKEN + ".9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";

  private final KeyPair keys = TestJws.p256();
  private final List<String> serverNames = new CopyOnWriteArrayList<>();
  private TestDnsServer dns;
  private SSLServerSocket server;

  @BeforeEach
  void start() throws Exception {
    dns = new TestDnsServer();
    dns.a("www.example.org", "127.0.0.1");
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    dns.close();
  }

  @Test
  void validate_certificateAsTheRfcHasIt_passesWithTheNameAsSni() throws Exception {
    serve(TestTls.certificate(keys, new String[] {"www.example.org"}, digest(), true), true);

    validator().validate(name(), TOKEN, KEY_AUTHORIZATION);

    assertThat(serverNames).containsExactly("www.example.org");
  }

  @Test
  void validate_ipIdentifier_sendsTheReverseNameAsSni() throws Exception {
    serve(TestTls.certificate(keys, new String[] {"127.0.0.1"}, digest(), true), true);

    validator().validate(new Acme.Identifier("ip", "127.0.0.1"), TOKEN, KEY_AUTHORIZATION);

    assertThat(serverNames).containsExactly("1.0.0.127.in-addr.arpa");
  }

  @Test
  void validate_nonCriticalExtension_isIncorrectResponse() throws Exception {
    serve(TestTls.certificate(keys, new String[] {"www.example.org"}, digest(), false), true);

    assertThatThrownBy(() -> validator().validate(name(), TOKEN, KEY_AUTHORIZATION))
        .isInstanceOfSatisfying(
            ValidationFailure.class,
            f -> {
              assertThat(f.type()).isEqualTo(Acme.ProblemType.INCORRECT_RESPONSE);
              assertThat(f.getMessage()).contains("critical acmeIdentifier");
            });
  }

  @Test
  void validate_otherDigest_isIncorrectResponse() throws Exception {
    serve(TestTls.certificate(keys, new String[] {"www.example.org"}, new byte[32], true), true);

    assertThatThrownBy(() -> validator().validate(name(), TOKEN, KEY_AUTHORIZATION))
        .hasMessageContaining("SHA-256 of the key authorization");
  }

  @Test
  void validate_moreNamesThanTheIdentifier_isIncorrectResponse() throws Exception {
    serve(
        TestTls.certificate(
            keys, new String[] {"www.example.org", "x.example.org"}, digest(), true),
        true);

    assertThatThrownBy(() -> validator().validate(name(), TOKEN, KEY_AUTHORIZATION))
        .hasMessageContaining("nothing else");
  }

  @Test
  void validate_serverWithoutAcmeTls1_isUnauthorized() throws Exception {
    serve(TestTls.certificate(keys, new String[] {"www.example.org"}, digest(), true), false);

    assertThatThrownBy(() -> validator().validate(name(), TOKEN, KEY_AUTHORIZATION))
        .isInstanceOfSatisfying(
            ValidationFailure.class,
            f -> assertThat(f.type()).isEqualTo(Acme.ProblemType.UNAUTHORIZED));
  }

  @Test
  void validate_plainTcpPeer_isTlsProblem() throws Exception {
    try (java.net.ServerSocket plain =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TestDnsServer.daemon(
          () -> {
            try (java.net.Socket socket = plain.accept()) {
              socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
            } catch (Exception e) {
              // the test is over
            }
          });
      TlsAlpn01Validator validator =
          new TlsAlpn01Validator(
              new ValidationSettings(
                  dns.address(), 80, plain.getLocalPort(), Duration.ofSeconds(3)));

      assertThatThrownBy(() -> validator.validate(name(), TOKEN, KEY_AUTHORIZATION))
          .isInstanceOfSatisfying(
              ValidationFailure.class, f -> assertThat(f.type()).isEqualTo(Acme.ProblemType.TLS));
    }
  }

  private TlsAlpn01Validator validator() {
    return new TlsAlpn01Validator(
        new ValidationSettings(dns.address(), 80, server.getLocalPort(), Duration.ofSeconds(5)));
  }

  /** One TLS server that answers one handshake with this certificate, then closes. */
  private void serve(X509Certificate certificate, boolean alpn) throws Exception {
    server =
        (SSLServerSocket)
            TestTls.server(keys, certificate).getServerSocketFactory().createServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    SSLParameters parameters = server.getSSLParameters();
    if (alpn) {
      parameters.setApplicationProtocols(new String[] {TlsAlpn01Validator.PROTOCOL});
    }
    parameters.setSNIMatchers(
        List.of(
            new SNIMatcher(0) {
              @Override
              public boolean matches(SNIServerName name) {
                serverNames.add(((SNIHostName) name).getAsciiName());
                return true;
              }
            }));
    server.setSSLParameters(parameters);
    TestDnsServer.daemon(
        () -> {
          try (SSLSocket socket = (SSLSocket) server.accept()) {
            socket.startHandshake();
            socket.getInputStream().read();
          } catch (Exception e) {
            // the client closes
          }
        });
  }

  private static Acme.Identifier name() {
    return new Acme.Identifier("dns", "www.example.org");
  }

  private static byte[] digest() {
    return KeyAuthorization.digest(KEY_AUTHORIZATION);
  }
}
