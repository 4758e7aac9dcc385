package dev.pca.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The EST endpoint is wired to the enrollment WAR behind TLS on 8443, spoken to with curl, a real
 * client. No CA exists yet in a fresh stack, so the answers are the "nothing to serve" ones.
 */
class EnrollmentWiringIT {
  private static final String EST = Stack.ENROLLMENT_TLS + "/.well-known/est";

  private Path work;

  @BeforeEach
  void makeWorkDir() throws IOException {
    work = Files.createTempDirectory("pca-est-");
  }

  @AfterEach
  void removeWorkDir() {
    Stack.deleteRecursively(work);
  }

  @Test
  void est_cacertsWhileNoCaExists_answers404AsPlainTextOverTls() {
    Answer answer = curl(EST + "/cacerts");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
    assertThat(answer.contentType()).as(answer.toString()).startsWith("text/plain");
  }

  @Test
  void est_cacertsWhileNoCaExists_explainsBrieflyWithoutStackTrace() {
    Answer answer = curl(EST + "/cacerts");

    // A short human sentence, not the server's error page or an exception dump.
    assertThat(answer.body()).as(answer.toString()).isNotBlank().hasSizeLessThan(500);
    assertThat(answer.body())
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContainIgnoringCase("<html");
  }

  @Test
  void est_cacertsForUnknownLabel_answers404NamingTheLabel() {
    // RFC 7030 3.2.2: an optional CA label between /est/ and the operation.
    String label = "it-nosuch-" + UUID.randomUUID().toString().substring(0, 8);

    Answer answer = curl(EST + "/" + label + "/cacerts");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
    assertThat(answer.contentType()).as(answer.toString()).startsWith("text/plain");
    assertThat(answer.body()).contains(label).doesNotContain("Exception");
  }

  @Test
  void est_unknownOperation_answers404() {
    Answer answer = curl(EST + "/nonsense");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
    assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void est_wrongMethod_answers405() {
    Answer post = curl(EST + "/cacerts", "-X", "POST", "--data-binary", "x");
    assertThat(post.status()).as(post.toString()).isEqualTo(405);
    assertThat(post.contentType()).startsWith("text/plain");

    Answer get = curl(EST + "/simpleenroll");
    assertThat(get.status()).as(get.toString()).isEqualTo(405);
  }

  @Test
  void est_overPlainHttp_isRefused() {
    Answer answer = curl(Stack.WILDFLY + "/.well-known/est/cacerts");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
    assertThat(answer.body()).contains("TLS");
  }

  private record Answer(int status, String contentType, String body) {}

  /**
   * curl, GET unless {@code options} say otherwise; -k because the TLS certificate is self-signed.
   */
  private Answer curl(String url, String... options) {
    Path body = work.resolve("body-" + UUID.randomUUID());
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "curl",
                "-sSk",
                "--max-time",
                "30",
                "-o",
                body.toString(),
                "-w",
                "%{http_code} %{content_type}"));
    command.addAll(List.of(options));
    command.add(url);
    Stack.Run run = Stack.run(command, Duration.ofSeconds(60));
    assertThat(run.timedOut()).as(run.toString()).isFalse();
    assertThat(run.exitCode()).as("curl %s: %s", url, run).isZero();
    String[] written = run.stdout().strip().split(" ", 2);
    try {
      return new Answer(
          Integer.parseInt(written[0]),
          written.length > 1 ? written[1].strip() : "",
          Files.exists(body) ? Files.readString(body, StandardCharsets.UTF_8) : "");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read curl's output for " + url, e);
    }
  }
}
