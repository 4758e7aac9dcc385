package dev.pca.system.acme;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * What an ACME client serves for the server's validation, in the test's own JVM: the http-01
 * resource (RFC 8555 section 8.3) and the tls-alpn-01 certificate (RFC 8737), on the ports the lab
 * told the server to connect to.
 */
final class Responders {
  private Responders() {}

  /** {@code /.well-known/acme-challenge/{token}} answers the key authorization, on 127.0.0.1. */
  static final class Http01 implements AutoCloseable {
    private static final String PATH = "/.well-known/acme-challenge/";
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final AtomicInteger asked = new AtomicInteger();
    private final HttpServer server;

    Http01() {
      try {
        server =
            HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), AcmeLab.HTTP_PORT), 16);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on port " + AcmeLab.HTTP_PORT, e);
      }
      server.createContext(
          PATH,
          exchange -> {
            asked.incrementAndGet();
            String answer =
                answers.get(exchange.getRequestURI().getPath().substring(PATH.length()));
            byte[] body =
                (answer == null ? "no such token" : answer).getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
    }

    void put(String token, String keyAuthorization) {
      answers.put(token, keyAuthorization);
    }

    /** How many validation requests came in. */
    int asked() {
      return asked.get();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /**
   * A TLS server on 127.0.0.1 that negotiates only ALPN protocol {@code acme-tls/1} and shows the
   * self-signed validation certificate with the acmeIdentifier extension.
   */
  static final class TlsAlpn01 implements AutoCloseable {
    private final SSLServerSocket socket;
    private final Thread acceptor;
    private final AtomicInteger handshakes = new AtomicInteger();

    TlsAlpn01(KeyPair keys, X509Certificate certificate) {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "validation".toCharArray();
        store.setKeyEntry(
            "validation", keys.getPrivate(), password, new Certificate[] {certificate});
        KeyManagerFactory keyManagers =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        socket =
            (SSLServerSocket)
                context
                    .getServerSocketFactory()
                    .createServerSocket(AcmeLab.TLS_PORT, 16, InetAddress.getLoopbackAddress());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"acme-tls/1"});
        socket.setSSLParameters(parameters);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on port " + AcmeLab.TLS_PORT, e);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      acceptor = new Thread(this::serve, "tls-alpn-01 responder");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (SSLSocket client = (SSLSocket) socket.accept()) {
          client.setSoTimeout(10_000);
          client.startHandshake();
          if ("acme-tls/1".equals(client.getApplicationProtocol())) {
            handshakes.incrementAndGet();
          }
          // The validator closes after the handshake; wait for that rather than cut it short.
          try (InputStream in = client.getInputStream()) {
            while (in.read() >= 0) {
              // nothing is expected
            }
          }
        } catch (SocketException e) {
          if (socket.isClosed()) {
            return;
          }
        } catch (IOException e) {
          // A failed handshake is the validator's to report, not the responder's.
        }
      }
    }

    /** How many handshakes negotiated acme-tls/1. */
    int handshakes() {
      return handshakes.get();
    }

    @Override
    public void close() {
      try {
        socket.close();
        acceptor.join(5_000);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
