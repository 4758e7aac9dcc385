package dev.pca.system.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.acme.AcmeFixture.Profile;
import dev.pca.system.ca.Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * lego (Debian) solving dns-01: its exec provider runs a hook that publishes the TXT record through
 * pebble-challtestsrv's management API, and the server's validator asks challtestsrv, as the lab
 * told it to. lego registers with the token's binding, issues, renews and revokes; the certificates
 * must verify with {@code openssl verify} and OCSP must follow the revocation. A hook that
 * publishes the wrong value must make lego fail: the validator really reads the record.
 */
@ExtendWith({Clients.class, AcmeLab.class})
class LegoDnsIT {
  private static final Duration RUN = Duration.ofMinutes(3);

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
    work = Files.createTempDirectory("pca-lego-");
  }

  @AfterEach
  void removeWorkDir() {
    Stack.deleteRecursively(work);
  }

  @Test
  void lego_dns01_issuesRenewsAndRevokes_andOpensslAgrees() throws Exception {
    List<String> names = List.of(AcmeLab.name("lego"), AcmeLab.name("mail"));
    Path hook = hook("$3");

    expectSuccess(lego(hook, names, "run"));
    List<X509Certificate> first = certificate(names.get(0));
    List<String> published = Files.readAllLines(work.resolve("hook.log"));
    for (String name : names) {
      assertThat(published).contains("present _acme-challenge." + name + ".");
    }
    expectSuccess(lego(hook, names, "renew", "--days", "3650", "--no-random-sleep"));
    List<X509Certificate> renewed = certificate(names.get(0));

    assertThat(renewed.get(0).getSerialNumber()).isNotEqualTo(first.get(0).getSerialNumber());
    for (List<X509Certificate> chain : List.of(first, renewed)) {
      assertThat(AcmeFixture.sans(chain.get(0))).containsExactlyInAnyOrderElementsOf(names);
      AcmeFixture.assertVerifies(AcmeFixture.opensslVerify(work, chain, root));
      assertThat(AcmeFixture.ocspStatus(work, chain.get(0), chain.get(1), root)).isEqualTo("good");
    }

    expectSuccess(lego(hook, names, "revoke", "--keep", "--reason", "4"));

    assertThat(AcmeFixture.awaitOcsp(work, renewed.get(0), renewed.get(1), root, "revoked"))
        .as("OCSP of the renewed certificate after lego revoke")
        .isEqualTo("revoked");
  }

  @Test
  void lego_hookPublishesTheWrongValue_failsWithTheValidatorsProblem() throws Exception {
    List<String> names = List.of(AcmeLab.name("wrong"));

    Stack.Run run = lego(hook("not-the-digest"), names, "run");

    assertThat(run.exitCode()).as("%s", run).isNotZero();
    assertThat(run.stdout() + run.stderr())
        .as("%s", run)
        .containsAnyOf(
            "urn:ietf:params:acme:error:incorrectResponse",
            "urn:ietf:params:acme:error:unauthorized",
            "urn:ietf:params:acme:error:dns");
    assertThat(Files.exists(work.resolve("lego/certificates/" + names.get(0) + ".crt"))).isFalse();
  }

  /**
   * The exec provider's hook ({@code present|cleanup FQDN VALUE}): logs each call and sets or
   * clears the TXT record through challtestsrv; {@code value} is what it publishes ("$3" for the
   * real digest).
   */
  private Path hook(String value) throws Exception {
    Path hook = work.resolve("hook.sh");
    Files.writeString(
        hook,
        String.join(
            "\n",
            "#!/bin/sh",
            "set -eu",
            "echo \"$1 $2\" >>'" + work.resolve("hook.log") + "'",
            "case \"$1\" in",
            "  present) curl -sf --max-time 10 -d \"{\\\"host\\\":\\\"$2\\\",\\\"value\\\":\\\""
                + value
                + "\\\"}\" "
                + AcmeLab.management()
                + "/set-txt ;;",
            "  cleanup) curl -sf --max-time 10 -d \"{\\\"host\\\":\\\"$2\\\"}\" "
                + AcmeLab.management()
                + "/clear-txt ;;",
            "esac",
            ""));
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
    return hook;
  }

  /** The certificate lego stored for the first name, leaf first (lego bundles the issuer). */
  private List<X509Certificate> certificate(String name) {
    return AcmeFixture.certificates(work.resolve("lego/certificates/" + name + ".crt"));
  }

  private Stack.Run lego(Path hook, List<String> names, String... command) {
    List<String> line =
        new ArrayList<>(
            List.of(
                "lego",
                "--server",
                profile.directory(),
                "--eab",
                "--kid",
                profile.token().keyId(),
                "--hmac",
                profile.token().hmacKey(),
                "--accept-tos",
                "--email",
                "ops@" + AcmeLab.SUFFIX,
                "--path",
                work.resolve("lego").toString(),
                "--key-type",
                "ec256",
                "--dns",
                "exec",
                "--dns.resolvers",
                AcmeLab.resolver(),
                // challtestsrv is no real delegation: only the recursive answer can be checked.
                "--dns.disable-cp"));
    names.forEach(name -> line.addAll(List.of("--domains", name)));
    line.addAll(List.of(command));
    return Stack.run(
        line,
        Map.of(
            "EXEC_PATH", hook.toString(),
            "EXEC_PROPAGATION_TIMEOUT", "30",
            "EXEC_POLLING_INTERVAL", "1",
            // lego waits this long between two names' records (60 s by default).
            "EXEC_SEQUENCE_INTERVAL", "1"),
        RUN);
  }

  private static void expectSuccess(Stack.Run run) {
    assertThat(run.exitCode()).as("%s", run).isZero();
  }
}
