package dev.pca.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A start with a bad setting fails fast, says which setting in one line an operator can act on, and
 * leaves the stack that is already running alone.
 */
class StartupFailureIT {
  private static final Duration LIMIT = Duration.ofSeconds(120);

  @Test
  void start_wrongTokenPin_exitsNamingThePinWithoutStackTraceAndStackKeepsServing() {
    Stack.Run run = start(Map.of("PCA_TOKEN_PIN", "wrong-pin-123"));

    assertThat(run.timedOut()).as("finished within %s: %s", LIMIT, run).isFalse();
    assertThat(run.exitCode()).as(run.toString()).isNotZero();
    assertThat(run.stderr()).as(run.toString()).contains("rejected PCA_TOKEN_PIN");
    assertNoStackTrace(run);
    assertRunningStackStillAnswers();
  }

  @Test
  void start_unreachableDatabase_exitsNamingTheDatabaseWithoutStackTraceAndStackKeepsServing() {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    Stack.Run run = start(Map.of("PCA_DB_URL", "jdbc:postgresql://127.0.0.1:1/pca"));

    assertThat(run.timedOut()).as("finished within %s: %s", LIMIT, run).isFalse();
    assertThat(run.exitCode()).as(run.toString()).isNotZero();
    assertThat(run.stderr()).as(run.toString()).contains("cannot reach the database");
    assertNoStackTrace(run);
    assertRunningStackStillAnswers();
  }

  private static Stack.Run start(Map<String, String> setting) {
    String pca = Stack.root().resolve("wildfly-config/bin/pca").toString();
    // The same stack directory as the running stack, so that a start which wrongly went ahead
    // would collide with it, which is what the final check would catch.
    Map<String, String> env = new HashMap<>(setting);
    env.put("PCA_STACK", Stack.dir().toString());
    return Stack.run(List.of(pca, "start"), env, LIMIT);
  }

  private static void assertNoStackTrace(Stack.Run run) {
    for (String output : List.of(run.stdout(), run.stderr())) {
      assertThat(output.lines())
          .as(run.toString())
          .noneMatch(line -> line.startsWith("\tat "))
          .noneMatch(line -> line.contains("Exception in thread"));
    }
  }

  private static void assertRunningStackStillAnswers() {
    HttpResponse<String> answer =
        Stack.send(Stack.request(Stack.WILDFLY + "/api/v2/me").GET().build());
    assertThat(answer.statusCode()).as("the running WildFly after the failed start").isEqualTo(401);
  }
}
