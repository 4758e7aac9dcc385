package dev.pca.system.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.acme.AcmeFixture.Profile;
import dev.pca.system.ca.Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * certbot (Debian) as an operator would run it against the profile's directory: registration with
 * the token's external account binding, {@code certonly --standalone} answering http-01 on the port
 * the lab told the server to validate on, {@code renew --force-renewal}, and {@code revoke}. Every
 * certificate must verify with {@code openssl verify} up to the root the REST API serves and be
 * "good" for {@code openssl ocsp} at the URL of its AIA, then "revoked" once certbot revoked it.
 */
@ExtendWith({Clients.class, AcmeLab.class})
class CertbotIT {
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final String LINEAGE = "it";

  private static Profile profile;
  private static X509Certificate root;
  private Path work;

  @BeforeAll
  static void makeProfile() {
    profile = AcmeFixture.profile();
    root = AcmeFixture.root(profile);
  }

  @BeforeEach
  void makeWorkDir() throws Exception {
    work = Files.createTempDirectory("pca-certbot-");
  }

  @AfterEach
  void removeWorkDir() {
    Stack.deleteRecursively(work);
  }

  @Test
  void certbot_registersWithTheToken_issuesRenewsAndRevokes_andOpensslAgrees() throws Exception {
    List<String> names = List.of(AcmeLab.name("certbot"), AcmeLab.name("www"));

    expectSuccess(
        certbot(
            "register",
            "--agree-tos",
            "--register-unsafely-without-email",
            "--eab-kid",
            profile.token().keyId(),
            "--eab-hmac-key",
            profile.token().hmacKey()));
    List<String> certonly =
        new ArrayList<>(
            List.of(
                "certonly",
                "--standalone",
                "--preferred-challenges",
                "http-01",
                "--http-01-port",
                Integer.toString(AcmeLab.HTTP_PORT),
                "--http-01-address",
                "127.0.0.1",
                "--cert-name",
                LINEAGE));
    names.forEach(name -> certonly.addAll(List.of("-d", name)));
    expectSuccess(certbot(certonly.toArray(String[]::new)));
    List<X509Certificate> first = lineage();

    expectSuccess(
        certbot(
            "renew",
            "--force-renewal",
            "--no-random-sleep-on-renew",
            "--cert-name",
            LINEAGE,
            "--http-01-port",
            Integer.toString(AcmeLab.HTTP_PORT),
            "--http-01-address",
            "127.0.0.1"));
    List<X509Certificate> renewed = lineage();

    assertThat(renewed.get(0).getSerialNumber()).isNotEqualTo(first.get(0).getSerialNumber());
    for (List<X509Certificate> chain : List.of(first, renewed)) {
      assertThat(AcmeFixture.sans(chain.get(0))).containsExactlyInAnyOrderElementsOf(names);
      AcmeFixture.assertVerifies(AcmeFixture.opensslVerify(work, chain, root));
      assertThat(AcmeFixture.ocspStatus(work, chain.get(0), chain.get(1), root))
          .as("OCSP before revocation")
          .isEqualTo("good");
    }

    Path revoked = work.resolve("renewed.pem");
    Files.writeString(revoked, AcmeFixture.pem(renewed.get(0)));
    expectSuccess(
        certbot(
            "revoke",
            "--cert-path",
            revoked.toString(),
            "--reason",
            "keycompromise",
            "--no-delete-after-revoke"));

    assertThat(AcmeFixture.awaitOcsp(work, renewed.get(0), renewed.get(1), root, "revoked"))
        .as("OCSP of the renewed certificate after certbot revoke")
        .isEqualTo("revoked");
    assertThat(AcmeFixture.ocspStatus(work, first.get(0), first.get(1), root))
        .as("OCSP of the first certificate, which nobody revoked")
        .isEqualTo("good");
  }

  @Test
  void certbot_withoutTheToken_refusesToRegister_becauseTheDirectorySaysSo() {
    Stack.Run run = certbot("register", "--agree-tos", "--register-unsafely-without-email");

    assertThat(run.exitCode()).as("%s", run).isNotZero();
    assertThat(run.stdout() + run.stderr()).as("%s", run).contains("external account binding");
  }

  /** The lineage's certificate and chain as certbot stored them now (leaf first). */
  private List<X509Certificate> lineage() {
    return AcmeFixture.certificates(work.resolve("config/live/" + LINEAGE + "/fullchain.pem"));
  }

  private Stack.Run certbot(String... arguments) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "certbot",
                "--non-interactive",
                "--server",
                profile.directory(),
                "--config-dir",
                work.resolve("config").toString(),
                "--work-dir",
                work.resolve("work").toString(),
                "--logs-dir",
                work.resolve("logs").toString()));
    command.addAll(List.of(arguments));
    return Stack.run(command, Map.of(), RUN);
  }

  /** Exit 0, or a failure that shows certbot's own log (the work directory goes afterwards). */
  private void expectSuccess(Stack.Run run) throws Exception {
    if (run.exitCode() != 0) {
      Path log = work.resolve("logs/letsencrypt.log");
      String text = Files.exists(log) ? Files.readString(log) : "(no certbot log)";
      throw new AssertionError(
          run
              + "\n--- certbot log (end) ---\n"
              + text.substring(Math.max(0, text.length() - 6000)));
    }
  }
}
