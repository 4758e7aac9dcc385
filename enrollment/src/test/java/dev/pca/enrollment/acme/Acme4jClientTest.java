package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUnauthorizedException;

/**
 * acme4j, a client nobody here wrote, against the endpoint over HTTP: accounts with external
 * account binding, orders validated by http-01 and dns-01 over the network (a web server and a DNS
 * server of the test), issuance, ARI, revocation, key rollover and deactivation.
 */
class Acme4jClientTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private AcmeTestServer server;
  private TestDnsServer dns;
  private HttpServer web;
  private final Map<String, String> published = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    server = new AcmeTestServer();
    dns = new TestDnsServer();
    dns.a("www.example.org", "127.0.0.1");
    dns.a("api.example.org", "127.0.0.1");
    web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    web.createContext(
        "/.well-known/acme-challenge/",
        exchange -> {
          String token = exchange.getRequestURI().getPath().substring(28);
          String body = published.getOrDefault(token, "not published");
          byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
          exchange.sendResponseHeaders(published.containsKey(token) ? 200 : 404, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    web.start();
    System.setProperty(ValidationSettings.DNS_RESOLVER, dns.address());
    System.setProperty(ValidationSettings.HTTP_PORT, Integer.toString(web.getAddress().getPort()));
  }

  @AfterEach
  void stop() throws Exception {
    System.clearProperty(ValidationSettings.DNS_RESOLVER);
    System.clearProperty(ValidationSettings.HTTP_PORT);
    web.stop(0);
    dns.close();
    server.close();
  }

  @Test
  void http01Issuance_renewalInfo_revocationByCertificateKey() throws Exception {
    Account account = account(TestJws.p256());
    Order order = account.newOrder().domains("www.example.org", "api.example.org").create();
    for (Authorization authorization : order.getAuthorizations()) {
      Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
      published.put(challenge.getToken(), challenge.getAuthorization());
      challenge.trigger();
      assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
    }
    assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);

    KeyPair domainKeys = TestJws.p256();
    order.execute(domainKeys);
    assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
    Certificate certificate = order.getCertificate();
    X509Certificate issued = certificate.getCertificate();
    assertThat(issued.getSubjectAlternativeNames())
        .extracting(name -> (Object) name.get(1))
        .containsExactlyInAnyOrder("www.example.org", "api.example.org");
    assertThat(certificate.getCertificateChain()).hasSize(2);

    assertThat(certificate.hasRenewalInfo()).isTrue();
    assertThat(certificate.getRenewalInfo().getSuggestedWindowStart())
        .isBefore(issued.getNotAfter().toInstant());

    Certificate.revoke(
        new Session(server.directory()), domainKeys, issued, RevocationReason.KEY_COMPROMISE);
    assertThatThrownBy(certificate::revoke)
        .isInstanceOfSatisfying(
            AcmeServerException.class,
            e -> assertThat(e.getType().toString()).endsWith(":alreadyRevoked"));
  }

  @Test
  void dns01Issuance_withIdentifiersOfAWildcard() throws Exception {
    Account account = account(TestJws.ec("secp384r1"));
    Order order = account.newOrder().domain("*.example.org").create();
    Authorization authorization = order.getAuthorizations().get(0);
    assertThat(authorization.isWildcard()).isTrue();
    Dns01Challenge challenge = authorization.findChallenge(Dns01Challenge.class).orElseThrow();
    dns.txt("_acme-challenge.example.org", challenge.getDigest());

    challenge.trigger();

    assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
    order.execute(TestJws.p256());
    assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
  }

  @Test
  void failedValidation_makesTheOrderInvalid_withTheProblem() throws Exception {
    Account account = account(TestJws.p256());
    Order order = account.newOrder().domain("www.example.org").create();
    Authorization authorization = order.getAuthorizations().get(0);
    Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
    published.put(challenge.getToken(), "wrong");

    challenge.trigger();

    assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.INVALID);
    challenge.fetch();
    assertThat(challenge.getError().orElseThrow().getType().toString())
        .isEqualTo("urn:ietf:params:acme:error:incorrectResponse");
    order.fetch();
    assertThat(order.getStatus()).isEqualTo(Status.INVALID);
  }

  @Test
  void refusedIdentifiers_comeBackWithSubproblems() throws Exception {
    Account account = account(TestJws.p256());

    assertThatThrownBy(() -> account.newOrder().domains("a.example.org", "b.forbidden").create())
        .isInstanceOfSatisfying(
            AcmeServerException.class,
            e -> {
              assertThat(e.getType().toString()).endsWith(":rejectedIdentifier");
              assertThat(e.getProblem().getSubProblems()).hasSize(1);
              assertThat(
                      e.getProblem()
                          .getSubProblems()
                          .get(0)
                          .getIdentifier()
                          .orElseThrow()
                          .getValue())
                  .isEqualTo("b.forbidden");
            });
  }

  @Test
  void withoutBinding_externalAccountIsRequired_andOnlyExistingFindsNone() {
    Session session = new Session(server.directory());

    assertThatThrownBy(() -> new AccountBuilder().useKeyPair(TestJws.p256()).create(session))
        .isInstanceOfSatisfying(
            AcmeServerException.class,
            e -> assertThat(e.getType().toString()).endsWith(":externalAccountRequired"));
    assertThatThrownBy(
            () -> new AccountBuilder().useKeyPair(TestJws.p256()).onlyExisting().create(session))
        .isInstanceOfSatisfying(
            AcmeServerException.class,
            e -> assertThat(e.getType().toString()).endsWith(":accountDoesNotExist"));
  }

  @Test
  void accountContacts_keyRollover_ordersList_deactivation() throws Exception {
    KeyPair first = TestJws.rsa(2048);
    Account account = account(first);
    account.modify().addEmail("second@example.org").commit();
    assertThat(account.getContacts()).hasSize(2);
    account.newOrder().domain("www.example.org").create();

    account.changeKey(TestJws.p256());
    account.fetch();
    assertThat(account.getStatus()).isEqualTo(Status.VALID);
    List<Order> orders = new java.util.ArrayList<>();
    account.getOrders().forEachRemaining(orders::add);
    assertThat(orders).hasSize(1);

    assertThatThrownBy(
            () ->
                new AccountBuilder()
                    .useKeyPair(first)
                    .onlyExisting()
                    .create(new Session(server.directory())))
        .isInstanceOf(AcmeServerException.class);

    account.deactivate();
    assertThat(account.getStatus()).isEqualTo(Status.DEACTIVATED);
    assertThatThrownBy(() -> account.newOrder().domain("www.example.org").create())
        .isInstanceOf(AcmeUnauthorizedException.class);
  }

  private Account account(KeyPair keys) throws Exception {
    return new AccountBuilder()
        .addEmail("ops@example.org")
        .agreeToTermsOfService()
        .useKeyPair(keys)
        .withKeyIdentifier(FakeAcme.KEY_ID, Base64Url.encode(FakeAcme.HMAC_KEY))
        .create(new Session(server.directory()));
  }
}
