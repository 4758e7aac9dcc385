package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * http-01: GET {@code http://NAME/.well-known/acme-challenge/TOKEN} (on the configured port) with
 * "the Host header set to the domain name", from an address the validation resolver gives; follow
 * redirects, at most {@value #MAX_REDIRECTS}, only to http and https on standard or configured
 * ports; the body, trailing whitespace aside, must be the key authorization.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-8.3">RFC 8555 section 8.3</a>
 */
final class Http01Validator implements ChallengeValidator {
  static final int MAX_REDIRECTS = 10;

  private final ValidationSettings settings;
  private final Set<Integer> ports;

  Http01Validator(ValidationSettings settings) {
    this.settings = settings;
    this.ports = new HashSet<>(List.of(80, 443, settings.httpPort(), settings.tlsPort()));
  }

  /** Where a request goes: scheme, host (name or address, no brackets), port, path and query. */
  record Target(String scheme, String host, int port, String path) {
    @Override
    public String toString() {
      boolean standard =
          (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      return scheme + "://" + IpLiteral.urlHost(host) + (standard ? "" : ":" + port) + path;
    }
  }

  @Override
  public void validate(Acme.Identifier identifier, String token, String keyAuthorization)
      throws ValidationFailure {
    if (!KeyAuthorization.validToken(token)) {
      throw ValidationFailure.unauthorized("The challenge token is malformed.");
    }
    Target target =
        new Target(
            "http",
            identifier.value(),
            settings.httpPort(),
            "/.well-known/acme-challenge/" + token);
    Deadline deadline = Deadline.in(settings.timeout());
    DnsClient dns = new DnsClient(settings.dnsResolver(), settings.timeout());
    // "The Host header set to the domain name or IP address being validated".
    String hostHeader = IpLiteral.urlHost(identifier.value());
    for (int redirects = 0; ; redirects++) {
      HttpProbe.Response response = fetch(target, hostHeader, dns, deadline);
      if (!response.redirect()) {
        check(target, response, keyAuthorization);
        return;
      }
      if (redirects == MAX_REDIRECTS) {
        throw ValidationFailure.unauthorized(
            "Fetching " + target + ": more than " + MAX_REDIRECTS + " redirects.");
      }
      target = redirect(target, response.location());
      hostHeader = hostHeader(target);
    }
  }

  private static void check(Target target, HttpProbe.Response response, String keyAuthorization)
      throws ValidationFailure {
    if (response.status() != 200) {
      throw ValidationFailure.unauthorized(
          "Invalid response from " + target + ": HTTP status " + response.status() + ".");
    }
    if (response.truncated()) {
      throw ValidationFailure.incorrectResponse(
          "The response from " + target + " is larger than " + HttpProbe.MAX_BODY + " bytes.");
    }
    String body = response.text().stripTrailing();
    if (!body.equals(keyAuthorization)) {
      throw ValidationFailure.incorrectResponse(
          "The key authorization file from "
              + target
              + " does not match this challenge: expected "
              + ValidationFailure.quoted(keyAuthorization, 128)
              + ", got "
              + ValidationFailure.quoted(body, 128)
              + ".");
    }
  }

  private HttpProbe.Response fetch(
      Target target, String hostHeader, DnsClient dns, Deadline deadline) throws ValidationFailure {
    List<InetAddress> addresses = IpLiteral.parse(target.host()).map(List::of).orElse(null);
    if (addresses == null) {
      addresses = dns.addresses(target.host());
    }
    Socket socket = deadline.connect(addresses, target.port(), target.toString());
    try {
      Socket channel = target.scheme().equals("https") ? tls(socket, target) : socket;
      InputStream in = new BufferedInputStream(deadline.bounded(channel, channel.getInputStream()));
      return HttpProbe.get(in, channel.getOutputStream(), hostHeader, target.path());
    } catch (SocketTimeoutException e) {
      throw ValidationFailure.connection(
          "Fetching " + target + ": timeout after connect (the server did not answer in time).");
    } catch (HttpProbe.MalformedResponse e) {
      throw ValidationFailure.incorrectResponse("Fetching " + target + ": " + e.getMessage() + ".");
    } catch (SSLException e) {
      throw ValidationFailure.tls("Fetching " + target + ": the TLS handshake failed.");
    } catch (IOException e) {
      throw ValidationFailure.connection("Fetching " + target + ": " + Deadline.reason(e) + ".");
    } finally {
      Deadline.close(socket);
    }
  }

  /** TLS over the connection, for a redirect to https; the peer's certificate is not judged. */
  private static Socket tls(Socket socket, Target target) throws IOException {
    SSLSocket ssl =
        (SSLSocket)
            AnyCertificate.context()
                .getSocketFactory()
                .createSocket(socket, target.host(), target.port(), true);
    if (IpLiteral.parse(target.host()).isEmpty()) {
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(target.host())));
      ssl.setSSLParameters(parameters);
    }
    ssl.startHandshake();
    return ssl;
  }

  /** Where a redirect leads, if it is somewhere validation may go. */
  private Target redirect(Target from, String location) throws ValidationFailure {
    if (location == null || location.isBlank()) {
      throw ValidationFailure.unauthorized("Fetching " + from + ": a redirect without Location.");
    }
    URI next;
    try {
      next = new URI(from.toString()).resolve(new URI(location.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw ValidationFailure.unauthorized(
          "Fetching "
              + from
              + ": a redirect to an invalid URL, "
              + ValidationFailure.quoted(location, 128)
              + ".");
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw ValidationFailure.unauthorized(
          "Fetching " + from + ": redirects go to http or https only.");
    }
    String host = next.getHost();
    if (host == null || host.isEmpty()) {
      throw ValidationFailure.unauthorized("Fetching " + from + ": a redirect without a host.");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = next.getPort() < 0 ? (scheme.equals("http") ? 80 : 443) : next.getPort();
    if (!ports.contains(port)) {
      throw ValidationFailure.unauthorized(
          "Fetching " + from + ": a redirect to port " + port + ", which validation does not use.");
    }
    String path =
        next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath();
    if (next.getRawQuery() != null) {
      path += "?" + next.getRawQuery();
    }
    return new Target(scheme, host, port, path);
  }

  /** Host, with the port when it is not the scheme's own. */
  private static String hostHeader(Target target) {
    boolean standard =
        (target.scheme().equals("http") && target.port() == 80)
            || (target.scheme().equals("https") && target.port() == 443);
    return IpLiteral.urlHost(target.host()) + (standard ? "" : ":" + target.port());
  }
}
