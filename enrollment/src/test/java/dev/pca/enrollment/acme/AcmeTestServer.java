package dev.pca.enrollment.acme;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pca.application.CaException;
import dev.pca.application.Enrollments;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The endpoint over HTTP for clients in the tests, as the servlet serves it: {@code /acme/*} of a
 * JDK server on an ephemeral port, over a {@link FakeAcme}. Profile "web" is enabled, "off" is
 * disabled, others do not exist.
 */
final class AcmeTestServer implements AutoCloseable {
  final FakeAcme acme = new FakeAcme();
  final Nonces nonces = new Nonces();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  final AcmeEndpoint endpoint;
  private final HttpServer server;

  AcmeTestServer() throws IOException {
    endpoint =
        new AcmeEndpoint(acme, AcmeTestServer::profile, nonces, new Validations(executor, acme));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/acme/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  static Enrollments.Endpoint profile(String name) throws CaException {
    return switch (name) {
      case "web" -> endpoint(FakeAcme.PROFILE, name);
      case "off" -> throw new CaException(CaException.Reason.DISABLED, "off");
      case "boom" -> throw new IllegalStateException("secret internals");
      default -> throw new CaException(CaException.Reason.NOT_FOUND, "none");
    };
  }

  static Enrollments.Endpoint endpoint(UUID id, String name) {
    return new Enrollments.Endpoint(
        id,
        name,
        Enrollments.Protocol.ACME,
        Enrollments.Authentication.EXTERNAL_ACCOUNT,
        false,
        List.of(),
        null,
        UUID.randomUUID(),
        false);
  }

  String directory() {
    return "http://localhost:" + server.getAddress().getPort() + "/acme/web/directory";
  }

  private void serve(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(AcmeEndpoint.MAX_BODY + 1);
    }
    AcmeResponse answer =
        endpoint.handle(
            new AcmeRequest(
                exchange.getRequestMethod(),
                "http://" + exchange.getRequestHeaders().getFirst("Host"),
                exchange.getRequestURI().getRawPath().substring("/acme".length()),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                body,
                exchange.getRemoteAddress().getAddress().getHostAddress()));
    for (AcmeResponse.Header header : answer.headers()) {
      exchange.getResponseHeaders().add(header.name(), header.value());
    }
    if (answer.contentType() != null) {
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    }
    boolean empty = answer.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(answer.status(), empty ? -1 : answer.body().length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
