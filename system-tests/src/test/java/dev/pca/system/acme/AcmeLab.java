package dev.pca.system.acme;

import dev.pca.system.Stack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The network the ACME server validates challenges against, on loopback: Let's Encrypt's
 * pebble-challtestsrv (Debian package pebble) answers the server's DNS questions on port {@value
 * #DNS_PORT} (every A query with 127.0.0.1, no AAAA, TXT records as the tests set them through its
 * management API), and the running WildFly is told through its system properties to ask it and to
 * connect for http-01 and tls-alpn-01 to the ports the clients of the tests serve on.
 *
 * <p>Register with {@code @ExtendWith(AcmeLab.class)}: it starts once per JVM, the first time a
 * test class asks, and when the whole run ends (or the JVM does) it stops challtestsrv by its
 * process and gives WildFly back the properties it had.
 */
public final class AcmeLab implements BeforeAllCallback {
  /** The names every test identifier lives under; the ACME template allows them. */
  static final String SUFFIX = "acme.test";

  static final int DNS_PORT = 8053;
  static final int MANAGEMENT_PORT = 8055;

  /** Where the validator connects for http-01: certbot --standalone and the tests serve here. */
  static final int HTTP_PORT = 5002;

  /** Where the validator connects for tls-alpn-01. */
  static final int TLS_PORT = 5001;

  static final String RESOLVER_PROPERTY = "pca.acme.dns-resolver";
  static final String HTTP_PORT_PROPERTY = "pca.acme.http-port";
  static final String TLS_PORT_PROPERTY = "pca.acme.tls-port";

  private static final String MANAGEMENT = "http://127.0.0.1:" + MANAGEMENT_PORT;
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AcmeLab.class);

  private static Process challtestsrv;
  private static Path log;

  /** Each property's value before the lab set it; empty when WildFly had none. */
  private static Map<String, Optional<String>> previous;

  private static boolean hooked;

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Cleanup.class, type -> new Cleanup(), Cleanup.class);
  }

  /** Closed by JUnit when the root context ends, i.e. after the last test class. */
  private static final class Cleanup implements AutoCloseable {
    @Override
    public void close() {
      stop();
    }
  }

  /** A fresh name under {@link #SUFFIX}, {@code label-<random>.acme.test}. */
  static String name(String label) {
    return label
        + "-"
        + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT)
        + "."
        + SUFFIX;
  }

  /** The DNS server's address as host:port, as the clients that check TXT records need it. */
  static String resolver() {
    return "127.0.0.1:" + DNS_PORT;
  }

  /** The management API's base URL, for the hook scripts of command-line clients. */
  static String management() {
    return MANAGEMENT;
  }

  /** Publishes a TXT record ({@code host} without or with the final dot). */
  static void setTxt(String host, String value) {
    manage(
        "/set-txt", Json.createObjectBuilder().add("host", fqdn(host)).add("value", value).build());
  }

  /** Removes every TXT record of {@code host}. */
  static void clearTxt(String host) {
    manage("/clear-txt", Json.createObjectBuilder().add("host", fqdn(host)).build());
  }

  private static String fqdn(String host) {
    return host.endsWith(".") ? host : host + ".";
  }

  private static void manage(String path, JsonObject body) {
    HttpResponse<String> answer =
        Stack.send(
            HttpRequest.newBuilder(URI.create(MANAGEMENT + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          "challtestsrv " + path + " answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  // ---------------------------------------------------------------- start and stop

  private static synchronized void start() {
    if (challtestsrv != null) {
      return;
    }
    if (!hooked) {
      Runtime.getRuntime().addShutdownHook(new Thread(AcmeLab::stop, "pca-it-acme-lab"));
      hooked = true;
    }
    for (int port : new int[] {DNS_PORT, MANAGEMENT_PORT, HTTP_PORT, TLS_PORT}) {
      if (listening(port)) {
        throw new IllegalStateException(
            "port "
                + port
                + " of 127.0.0.1 is taken already: another challtestsrv or ACME client running?");
      }
    }
    try {
      log = Files.createTempFile("pca-challtestsrv-", ".log");
      challtestsrv =
          new ProcessBuilder(
                  "pebble-challtestsrv",
                  "-dns01",
                  "127.0.0.1:" + DNS_PORT,
                  "-management",
                  "127.0.0.1:" + MANAGEMENT_PORT,
                  "-defaultIPv4",
                  "127.0.0.1",
                  // No AAAA answers: the clients here listen on 127.0.0.1 only.
                  "-defaultIPv6",
                  "",
                  // Its own challenge servers stay off: the clients under test answer.
                  "-http01",
                  "",
                  "-https01",
                  "",
                  "-tlsalpn01",
                  "")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start pebble-challtestsrv (Debian package pebble; `pca test` installs it)", e);
    }
    waitForManagement();
    previous = new LinkedHashMap<>();
    Map<String, String> wanted = new LinkedHashMap<>();
    wanted.put(RESOLVER_PROPERTY, resolver());
    wanted.put(HTTP_PORT_PROPERTY, Integer.toString(HTTP_PORT));
    wanted.put(TLS_PORT_PROPERTY, Integer.toString(TLS_PORT));
    Map<String, String> existing = serverProperties();
    wanted.keySet().forEach(key -> previous.put(key, Optional.ofNullable(existing.get(key))));
    setServerProperties(wanted, existing);
  }

  private static void waitForManagement() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!challtestsrv.isAlive()) {
        throw new IllegalStateException("pebble-challtestsrv ended at once:\n" + logText());
      }
      if (listening(MANAGEMENT_PORT) && listening(DNS_PORT)) {
        return;
      }
      sleep(100);
    }
    stop();
    throw new IllegalStateException("pebble-challtestsrv did not come up:\n" + logText());
  }

  private static synchronized void stop() {
    RuntimeException failure = null;
    if (previous != null) {
      try {
        restoreServerProperties();
      } catch (RuntimeException e) {
        failure = e;
      }
      previous = null;
    }
    if (challtestsrv != null) {
      challtestsrv.destroy();
      try {
        if (!challtestsrv.waitFor(10, TimeUnit.SECONDS)) {
          challtestsrv.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      challtestsrv = null;
    }
    if (log != null) {
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // A leftover log in the temp directory is harmless.
      }
      log = null;
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static String logText() {
    try {
      return log == null ? "" : Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- WildFly's system properties

  /** WildFly's system properties, read through jboss-cli (local authentication). */
  private static Map<String, String> serverProperties() {
    Stack.Run run = cli(List.of("--output-json", "--command=/system-property=*:read-resource"));
    JsonObject answer;
    try (JsonReader reader = Json.createReader(new StringReader(run.stdout()))) {
      answer = reader.readObject();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonValue entry : answer.getJsonArray("result")) {
      JsonObject item = entry.asJsonObject();
      String name = item.getJsonArray("address").getJsonObject(0).getString("system-property");
      JsonObject result = item.getJsonObject("result");
      values.put(name, result.isNull("value") ? null : result.getString("value"));
    }
    return values;
  }

  private static void setServerProperties(
      Map<String, String> wanted, Map<String, String> existing) {
    List<String> commands = new ArrayList<>(List.of("batch"));
    wanted.forEach(
        (key, value) ->
            commands.add(
                existing.containsKey(key)
                    ? "/system-property="
                        + key
                        + ":write-attribute(name=value,value=\""
                        + value
                        + "\")"
                    : "/system-property=" + key + ":add(value=\"" + value + "\")"));
    commands.add("run-batch");
    cli(List.of("--commands=" + String.join(",", commands)));
  }

  /**
   * Runs {@code body} with WildFly's system property {@code name} at {@code value}, then gives the
   * property back what it had.
   */
  static synchronized void withServerProperty(String name, String value, Runnable body) {
    Map<String, String> existing = serverProperties();
    setServerProperties(Map.of(name, value), existing);
    try {
      body.run();
    } finally {
      String old = existing.get(name);
      cli(
          List.of(
              "--command=/system-property="
                  + name
                  + (old == null
                      ? ":remove"
                      : ":write-attribute(name=value,value=\"" + old + "\")")));
    }
  }

  private static void restoreServerProperties() {
    List<String> commands = new ArrayList<>(List.of("batch"));
    previous.forEach(
        (key, value) ->
            commands.add(
                value.isPresent()
                    ? "/system-property="
                        + key
                        + ":write-attribute(name=value,value=\""
                        + value.get()
                        + "\")"
                    : "/system-property=" + key + ":remove"));
    commands.add("run-batch");
    cli(List.of("--commands=" + String.join(",", commands)));
  }

  private static Stack.Run cli(List<String> arguments) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Stack.dir().resolve("wildfly/bin/jboss-cli.sh").toString(),
                "-c",
                "--controller=" + System.getProperty("pca.management", "127.0.0.1:9990")));
    command.addAll(arguments);
    Stack.Run run = Stack.run(command, Map.of(), Duration.ofSeconds(120));
    if (run.exitCode() != 0) {
      throw new IllegalStateException("jboss-cli failed: " + run);
    }
    return run;
  }
}
