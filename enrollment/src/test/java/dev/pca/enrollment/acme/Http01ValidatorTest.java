package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pca.application.Acme;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Http01ValidatorTest {
  private static final String TOKEN = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";
  private static final String KEY_AUTHORIZATION =
      TOKEN + ".9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
  private static final String PATH = "/.well-known/acme-challenge/" + TOKEN;

  private TestDnsServer dns;
  private HttpServer server;
  private final List<String> hosts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    dns = new TestDnsServer();
    dns.a("www.example.org", "127.0.0.1");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop(0);
    dns.close();
  }

  @Test
  void validate_keyAuthorizationWithTrailingNewline_passesWithTheNameAsHost() throws Exception {
    serve(PATH, 200, KEY_AUTHORIZATION + "\r\n", true);

    validator().validate(dnsName(), TOKEN, KEY_AUTHORIZATION);

    assertThat(hosts).containsExactly("www.example.org");
  }

  @Test
  void validate_ipIdentifier_connectsToTheAddress() throws Exception {
    serve(PATH, 200, KEY_AUTHORIZATION, false);

    validator().validate(new Acme.Identifier("ip", "127.0.0.1"), TOKEN, KEY_AUTHORIZATION);

    assertThat(hosts).containsExactly("127.0.0.1");
  }

  @Test
  void validate_notFound_isUnauthorized() {
    serve(PATH, 404, "no", false);

    assertThatThrownBy(() -> validator().validate(dnsName(), TOKEN, KEY_AUTHORIZATION))
        .isInstanceOfSatisfying(
            ValidationFailure.class,
            f -> {
              assertThat(f.type()).isEqualTo(Acme.ProblemType.UNAUTHORIZED);
              assertThat(f.getMessage()).contains("404").contains(PATH);
            });
  }

  @Test
  void validate_otherBody_isIncorrectResponse() {
    serve(PATH, 200, "something\u0000else", false);

    assertThatThrownBy(() -> validator().validate(dnsName(), TOKEN, KEY_AUTHORIZATION))
        .isInstanceOfSatisfying(
            ValidationFailure.class,
            f -> {
              assertThat(f.type()).isEqualTo(Acme.ProblemType.INCORRECT_RESPONSE);
              assertThat(f.getMessage()).contains("\"something?else\"");
            });
  }

  @Test
  void validate_bodyLargerThanTheBound_isRefused() {
    serve(PATH, 200, KEY_AUTHORIZATION + " ".repeat(20_000), true);

    assertThatThrownBy(() -> validator().validate(dnsName(), TOKEN, KEY_AUTHORIZATION))
        .hasMessageContaining("larger than 8192 bytes");
  }

  @Test
  void validate_redirectOnTheValidationPort_isFollowed() throws Exception {
    serve(PATH, 302, "/elsewhere?x=1", false);
    serve("/elsewhere", 200, KEY_AUTHORIZATION, false);

    validator().validate(dnsName(), TOKEN, KEY_AUTHORIZATION);

    assertThat(hosts)
        .containsExactly("www.example.org", "www.example.org:" + server.getAddress().getPort());
  }

  @Test
  void validate_redirectToHttps_isFollowedWhateverTheCertificate() throws Exception {
    KeyPair keys = TestJws.p256();
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(
        new HttpsConfigurator(
            TestTls.server(keys, TestTls.certificate(keys, new String[] {"x"}, null, false))));
    https.createContext("/", exchange -> answer(exchange, 200, KEY_AUTHORIZATION, false));
    https.start();
    try {
      int port = https.getAddress().getPort();
      serve(PATH, 301, "https://www.example.org:" + port + "/secure", false);
      ValidationSettings settings =
          new ValidationSettings(
              dns.address(), server.getAddress().getPort(), port, Duration.ofSeconds(5));

      new Http01Validator(settings).validate(dnsName(), TOKEN, KEY_AUTHORIZATION);
    } finally {
      https.stop(0);
    }
  }

  @Test
  void validate_redirectToAnotherPort_isRefused() {
    serve(PATH, 302, "http://www.example.org:8081/x", false);

    assertThatThrownBy(() -> validator().validate(dnsName(), TOKEN, KEY_AUTHORIZATION))
        .hasMessageContaining("port 8081");
  }

  @Test
  void validate_redirectToAnotherScheme_isRefused() {
    serve(PATH, 302, "ftp://www.example.org/x", false);

    assertThatThrownBy(() -> validator().validate(dnsName(), TOKEN, KEY_AUTHORIZATION))
        .hasMessageContaining("http or https only");
  }

  @Test
  void validate_redirectLoop_stopsAfterTen() {
    serve(PATH, 302, PATH, false);

    assertThatThrownBy(() -> validator().validate(dnsName(), TOKEN, KEY_AUTHORIZATION))
        .hasMessageContaining("more than 10 redirects");
    assertThat(hosts).hasSize(11);
  }

  @Test
  void validate_nothingListening_isConnectionProblem() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    ValidationSettings settings =
        new ValidationSettings(dns.address(), closed, 443, Duration.ofSeconds(2));

    assertThatThrownBy(
            () -> new Http01Validator(settings).validate(dnsName(), TOKEN, KEY_AUTHORIZATION))
        .isInstanceOfSatisfying(
            ValidationFailure.class,
            f -> {
              assertThat(f.type()).isEqualTo(Acme.ProblemType.CONNECTION);
              assertThat(f.getMessage()).contains("connection refused");
            });
  }

  @Test
  void validate_serverThatNeverAnswers_timesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TestDnsServer.daemon(
          () -> {
            try (Socket socket = silent.accept()) {
              Thread.sleep(5000);
            } catch (Exception e) {
              // the test is over
            }
          });
      ValidationSettings settings =
          new ValidationSettings(dns.address(), silent.getLocalPort(), 443, Duration.ofMillis(500));

      assertThatThrownBy(
              () -> new Http01Validator(settings).validate(dnsName(), TOKEN, KEY_AUTHORIZATION))
          .isInstanceOfSatisfying(
              ValidationFailure.class,
              f -> {
                assertThat(f.type()).isEqualTo(Acme.ProblemType.CONNECTION);
                assertThat(f.getMessage()).contains("timeout");
              });
    }
  }

  @Test
  void validate_nameWithoutAddress_isDnsProblem() {
    assertThatThrownBy(
            () ->
                validator()
                    .validate(
                        new Acme.Identifier("dns", "nowhere.example.org"),
                        TOKEN,
                        KEY_AUTHORIZATION))
        .isInstanceOfSatisfying(
            ValidationFailure.class, f -> assertThat(f.type()).isEqualTo(Acme.ProblemType.DNS));
  }

  private Http01Validator validator() {
    return new Http01Validator(
        new ValidationSettings(
            dns.address(), server.getAddress().getPort(), 443, Duration.ofSeconds(5)));
  }

  private static Acme.Identifier dnsName() {
    return new Acme.Identifier("dns", "www.example.org");
  }

  /** Answers {@code path}: a redirect to {@code body} for 3xx, else {@code body}. */
  private void serve(String path, int status, String body, boolean chunked) {
    server.createContext(
        path,
        exchange -> {
          hosts.add(exchange.getRequestHeaders().getFirst("Host"));
          if (status / 100 == 3) {
            exchange.getResponseHeaders().add("Location", body);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          } else {
            answer(exchange, status, body, chunked);
          }
        });
  }

  private static void answer(HttpExchange exchange, int status, String body, boolean chunked)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
