package dev.pca.enrollment.acme;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Where validation connects, read from the server's system properties at each validation so that an
 * operator (or a test) changes it without a redeployment: {@code pca.acme.dns-resolver} (the DNS
 * server asked, {@code host:port}; empty for the system's resolver), {@code pca.acme.http-port}
 * (http-01, default 80) and {@code pca.acme.tls-port} (tls-alpn-01, default 443).
 */
record ValidationSettings(String dnsResolver, int httpPort, int tlsPort, Duration timeout) {
  static final String DNS_RESOLVER = "pca.acme.dns-resolver";
  static final String HTTP_PORT = "pca.acme.http-port";
  static final String TLS_PORT = "pca.acme.tls-port";

  /** Bounds each validation's connecting and reading, and each DNS query. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(ValidationSettings.class.getName());

  static ValidationSettings current() {
    return new ValidationSettings(
        System.getProperty(DNS_RESOLVER, "").strip(),
        port(HTTP_PORT, 80),
        port(TLS_PORT, 443),
        TIMEOUT);
  }

  private static int port(String property, int standard) {
    String value = System.getProperty(property, "").strip();
    if (value.isEmpty()) {
      return standard;
    }
    try {
      int port = Integer.parseInt(value);
      if (port > 0 && port < 65536) {
        return port;
      }
    } catch (NumberFormatException e) {
      // warned below
    }
    LOG.warning(property + " is not a port number; using " + standard);
    return standard;
  }
}
