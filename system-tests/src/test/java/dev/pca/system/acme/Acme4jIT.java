package dev.pca.system.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pca.system.Stack;
import dev.pca.system.acme.AcmeFixture.Profile;
import dev.pca.system.ca.Clients;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.toolbox.AcmeUtils;
import org.shredzone.acme4j.util.CertificateUtils;

/**
 * acme4j, a Java ACME client nobody here wrote, against the running server: accounts with external
 * account binding, http-01 and tls-alpn-01 answered in this JVM, finalization with P-256 and RSA
 * keys, key rollover, ARI (RFC 9773) and deactivation. Every certificate must verify with {@code
 * openssl verify} up to the root the REST API serves.
 */
@ExtendWith({Clients.class, AcmeLab.class})
class Acme4jIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String URN = "urn:ietf:params:acme:error:";

  private static Profile profile;
  private static X509Certificate root;
  private Path work;

  @BeforeAll
  static void makeProfile() {
    AcmeFixture.registerBouncyCastle();
    profile = AcmeFixture.profile();
    root = AcmeFixture.root(profile);
  }

  @BeforeEach
  void makeWorkDir() throws Exception {
    work = Files.createTempDirectory("pca-acme4j-");
  }

  @AfterEach
  void removeWorkDir() {
    Stack.deleteRecursively(work);
  }

  @Test
  void eabAccount_orderOfTwoNames_http01_es256_issuesAChainOpensslVerifies() throws Exception {
    Login login = newAccount(AcmeFixture.ecKeys());
    assertThat(login.getAccount().getStatus()).isEqualTo(Status.VALID);
    List<String> names = List.of(AcmeLab.name("one"), AcmeLab.name("two"));
    KeyPair domainKey = AcmeFixture.ecKeys();

    Certificate certificate = issueWithHttp01(login, names, domainKey);

    X509Certificate leaf = certificate.getCertificate();
    assertThat(AcmeFixture.sans(leaf)).containsExactlyInAnyOrderElementsOf(names);
    assertThat(leaf.getPublicKey()).isInstanceOf(ECPublicKey.class);
    assertThat(leaf.getPublicKey()).isEqualTo(domainKey.getPublic());
    AcmeFixture.assertVerifies(
        AcmeFixture.opensslVerify(work, certificate.getCertificateChain(), root));
  }

  @Test
  void tlsAlpn01_rsaKey_issuesAChainOpensslVerifies() throws Exception {
    Login login = newAccount(AcmeFixture.ecKeys());
    String name = AcmeLab.name("alpn");
    Order order = login.newOrder().domain(name).create();
    Authorization authorization = order.getAuthorizations().get(0);
    TlsAlpn01Challenge challenge =
        authorization.findChallenge(TlsAlpn01Challenge.class).orElseThrow();
    // acme4j signs the validation certificate SHA256withRSA.
    KeyPair validationKey = AcmeFixture.rsaKeys();
    try (Responders.TlsAlpn01 responder =
        new Responders.TlsAlpn01(
            validationKey,
            challenge.createCertificate(validationKey, authorization.getIdentifier()))) {
      challenge.trigger();
      assertThat(authorization.waitForCompletion(WAIT))
          .as("authorization, challenge error %s", challenge.getError())
          .isEqualTo(Status.VALID);
      assertThat(responder.handshakes()).as("acme-tls/1 handshakes").isPositive();
    }
    assertThat(challenge.getStatus()).isEqualTo(Status.VALID);
    KeyPair domainKey = AcmeFixture.rsaKeys();

    Certificate certificate = finish(order, domainKey);

    X509Certificate leaf = certificate.getCertificate();
    assertThat(AcmeFixture.sans(leaf)).containsExactly(name);
    assertThat(leaf.getPublicKey()).isInstanceOf(RSAPublicKey.class);
    assertThat(leaf.getPublicKey()).isEqualTo(domainKey.getPublic());
    AcmeFixture.assertVerifies(
        AcmeFixture.opensslVerify(work, certificate.getCertificateChain(), root));
  }

  @Test
  void ipIdentifier_http01_issuesACertificateForTheAddress() throws Exception {
    Login login = newAccount(AcmeFixture.ecKeys());
    Order order =
        login.newOrder().identifier(Identifier.ip(InetAddress.getByName("127.0.0.1"))).create();

    Certificate certificate = finishWithHttp01(login, order, AcmeFixture.ecKeys());

    assertThat(AcmeFixture.sans(certificate.getCertificate())).containsExactly("127.0.0.1");
    AcmeFixture.assertVerifies(
        AcmeFixture.opensslVerify(work, certificate.getCertificateChain(), root));
  }

  @Test
  void http01_wrongKeyAuthorization_makesTheAuthorizationInvalid() throws Exception {
    Login login = newAccount(AcmeFixture.ecKeys());
    Order order = login.newOrder().domain(AcmeLab.name("liar")).create();
    Authorization authorization = order.getAuthorizations().get(0);
    Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();

    try (Responders.Http01 responder = new Responders.Http01()) {
      responder.put(challenge.getToken(), challenge.getToken() + ".not-the-thumbprint");
      challenge.trigger();
      assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.INVALID);
      assertThat(responder.asked()).as("validation requests").isPositive();
    }

    challenge.fetch();
    assertThat(challenge.getError().map(problem -> problem.getType().toString()))
        .hasValueSatisfying(
            type -> assertThat(type).isIn(URN + "incorrectResponse", URN + "unauthorized"));
    order.fetch();
    assertThat(order.getStatus()).isEqualTo(Status.INVALID);
  }

  @Test
  void tlsAlpn01_certificateForAnotherKeyAuthorization_makesTheAuthorizationInvalid()
      throws Exception {
    Login login = newAccount(AcmeFixture.ecKeys());
    Order order = login.newOrder().domain(AcmeLab.name("alpn-liar")).create();
    Authorization authorization = order.getAuthorizations().get(0);
    TlsAlpn01Challenge challenge =
        authorization.findChallenge(TlsAlpn01Challenge.class).orElseThrow();
    KeyPair validationKey = AcmeFixture.rsaKeys();
    byte[] wrong = new byte[32];

    try (Responders.TlsAlpn01 responder =
        new Responders.TlsAlpn01(
            validationKey,
            CertificateUtils.createTlsAlpn01Certificate(
                validationKey, authorization.getIdentifier(), wrong))) {
      challenge.trigger();
      assertThat(authorization.waitForCompletion(WAIT)).isEqualTo(Status.INVALID);
    }

    challenge.fetch();
    assertThat(challenge.getError().map(problem -> problem.getType().toString()))
        .hasValueSatisfying(
            type ->
                assertThat(type)
                    .isIn(URN + "incorrectResponse", URN + "unauthorized", URN + "tls"));
  }

  @Test
  void keyRollover_oldKeyFindsNoAccount_newKeyFindsItAndOrders() throws Exception {
    KeyPair oldKey = AcmeFixture.rsaKeys();
    Login login = newAccount(oldKey);
    Account account = login.getAccount();
    KeyPair newKey = AcmeFixture.ecKeys();

    account.changeKey(newKey);

    AcmeServerException withOldKey =
        catchThrowableOfType(
            () -> new AccountBuilder().onlyExisting().useKeyPair(oldKey).create(session()),
            AcmeServerException.class);
    assertThat(withOldKey).as("looking the account up by its old key").isNotNull();
    assertThat(withOldKey.getType()).hasToString(URN + "accountDoesNotExist");
    AcmeServerException signedWithOldKey =
        catchThrowableOfType(
            () -> session().login(login.getAccountLocation(), oldKey).getAccount().fetch(),
            AcmeServerException.class);
    assertThat(signedWithOldKey).as("a request of the account signed by its old key").isNotNull();
    Login renewed = new AccountBuilder().onlyExisting().useKeyPair(newKey).createLogin(session());
    assertThat(renewed.getAccountLocation()).isEqualTo(login.getAccountLocation());
    Certificate certificate =
        issueWithHttp01(renewed, List.of(AcmeLab.name("rolled")), AcmeFixture.ecKeys());
    AcmeFixture.assertVerifies(
        AcmeFixture.opensslVerify(work, certificate.getCertificateChain(), root));
  }

  @Test
  void renewalInfo_givesAWindowInTheValidity_andOneOrderReplacesTheCertificate() throws Exception {
    Login login = newAccount(AcmeFixture.ecKeys());
    List<String> names = List.of(AcmeLab.name("ari"));
    Certificate first = issueWithHttp01(login, names, AcmeFixture.ecKeys());
    X509Certificate leaf = first.getCertificate();
    assertThat(first.hasRenewalInfo()).as("the directory offers renewalInfo").isTrue();

    RenewalInfo window = first.getRenewalInfo();
    window.fetch();

    assertThat(window.getSuggestedWindowStart()).isBefore(window.getSuggestedWindowEnd());
    assertThat(window.getSuggestedWindowStart()).isAfter(leaf.getNotBefore().toInstant());
    assertThat(window.getSuggestedWindowEnd()).isBeforeOrEqualTo(leaf.getNotAfter().toInstant());
    assertThat(window.renewalIsNotRequired(Instant.now())).isTrue();

    Order replacing = login.newOrder().domains(names).replaces(first).create();
    assertThat(replacing.getJSON().get("replaces").map(value -> value.asString()))
        .as("the order's replaces")
        .contains(AcmeUtils.getRenewalUniqueIdentifier(leaf));
    Certificate second = finishWithHttp01(login, replacing, AcmeFixture.rsaKeys());
    assertThat(second.getCertificate().getSerialNumber()).isNotEqualTo(leaf.getSerialNumber());
    AcmeFixture.assertVerifies(AcmeFixture.opensslVerify(work, second.getCertificateChain(), root));

    AcmeServerException again =
        catchThrowableOfType(
            () -> login.newOrder().domains(names).replaces(first).create(),
            AcmeServerException.class);
    assertThat(again).as("a second order replacing the same certificate").isNotNull();
    // RFC 9773 section 5: "it MUST return an HTTP 409 (Conflict) with a problem document of type
    // alreadyReplaced".
    assertThat(again.getType()).hasToString(URN + "alreadyReplaced");
  }

  @Test
  void deactivatedAccount_isDeactivated_andCannotOrder() throws Exception {
    Login login = newAccount(AcmeFixture.ecKeys());
    Account account = login.getAccount();

    account.deactivate();

    assertThat(account.getStatus()).isEqualTo(Status.DEACTIVATED);
    AcmeServerException refused =
        catchThrowableOfType(
            () -> login.newOrder().domain(AcmeLab.name("gone")).create(),
            AcmeServerException.class);
    assertThat(refused).as("an order of a deactivated account").isNotNull();
    assertThat(refused.getType()).hasToString(URN + "unauthorized");
  }

  // ---------------------------------------------------------------- flows

  private static Session session() {
    return new Session(profile.directory());
  }

  private static Login newAccount(KeyPair key) throws Exception {
    return new AccountBuilder()
        .agreeToTermsOfService()
        .withKeyIdentifier(profile.token().keyId(), profile.token().hmacKey())
        .useKeyPair(key)
        .createLogin(session());
  }

  private static Certificate issueWithHttp01(Login login, List<String> names, KeyPair domainKey)
      throws Exception {
    return finishWithHttp01(login, login.newOrder().domains(names).create(), domainKey);
  }

  /** Answers every pending authorization of the order with http-01, then finalizes it. */
  private static Certificate finishWithHttp01(Login login, Order order, KeyPair domainKey)
      throws Exception {
    try (Responders.Http01 responder = new Responders.Http01()) {
      for (Authorization authorization : order.getAuthorizations()) {
        if (authorization.getStatus() == Status.VALID) {
          continue;
        }
        Http01Challenge challenge =
            authorization.findChallenge(Http01Challenge.class).orElseThrow();
        responder.put(challenge.getToken(), challenge.getAuthorization());
        challenge.trigger();
        assertThat(authorization.waitForCompletion(WAIT))
            .as("authorization of %s: %s", authorization.getIdentifier(), challenge.getError())
            .isEqualTo(Status.VALID);
      }
    }
    return finish(order, domainKey);
  }

  private static Certificate finish(Order order, KeyPair domainKey) throws Exception {
    assertThat(order.waitUntilReady(WAIT)).as("order %s", order.getError()).isEqualTo(Status.READY);
    order.execute(domainKey);
    assertThat(order.waitForCompletion(WAIT))
        .as("order %s", order.getError())
        .isEqualTo(Status.VALID);
    Certificate certificate = order.getCertificate();
    certificate.download();
    return certificate;
  }
}
