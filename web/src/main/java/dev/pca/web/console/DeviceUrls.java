package dev.pca.web.console;

import dev.pca.application.Enrollments;
import dev.pca.web.AcmeClients;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;

/**
 * The URL a device is given for a profile. SCEP is plain HTTP, as its messages are signed and
 * encrypted themselves, on the server's public base URL (the one certificates name, system property
 * {@code pca.public-url}, else the host the console is seen on); EST needs TLS, on the same host's
 * HTTPS port. An ACME client gets the profile's directory on the scheme, host and port the console
 * is seen on, as the certbot command line made with each token names it ({@link AcmeClients}).
 */
@Named
@RequestScoped
public class DeviceUrls {
  static final int HTTP_PORT = 8080;
  static final int HTTPS_PORT = 8443;

  @Inject private HttpServletRequest request;

  public String of(Enrollments.View profile) {
    String base =
        profile.protocol() == Enrollments.Protocol.ACME
            ? AcmeClients.base(
                request.getScheme(), request.getServerName(), request.getServerPort())
            : httpBase();
    return of(base, profile.protocol(), profile.name());
  }

  /**
   * The URL of the profile {@code name} for {@code protocol}, given the public HTTP base (for ACME,
   * the base the console is seen on).
   */
  static String of(String httpBase, Enrollments.Protocol protocol, String name) {
    return switch (protocol) {
      case SCEP -> httpBase + "/scep/" + name;
      case EST ->
          "https://"
              + URI.create(httpBase).getHost()
              + ":"
              + HTTPS_PORT
              + "/.well-known/est/"
              + name
              + "/";
      case ACME -> AcmeClients.directory(httpBase, name);
    };
  }

  private String httpBase() {
    String configured = System.getProperty("pca.public-url");
    if (configured != null && !configured.isBlank()) {
      return configured.strip().replaceFirst("/+$", "");
    }
    String host = request.getServerName();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    int port = request.isSecure() ? HTTP_PORT : request.getServerPort();
    return "http://" + host + (port == 80 ? "" : ":" + port);
  }
}
