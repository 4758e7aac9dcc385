package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * tls-alpn-01: a TLS handshake with the identifier's host, SNI naming the identifier (its reverse
 * name for an address) and offering the "acme-tls/1" protocol alone; the peer must negotiate it and
 * present a certificate whose only subjectAltName is the identifier and that has a critical
 * acmeIdentifier extension holding SHA-256 of the key authorization.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8737#section-3">RFC 8737 section 3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8738#section-6">RFC 8738 section 6</a>
 */
final class TlsAlpn01Validator implements ChallengeValidator {
  static final String PROTOCOL = "acme-tls/1";

  /** id-pe-acmeIdentifier. */
  static final String ACME_IDENTIFIER = "1.3.6.1.5.5.7.1.31";

  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private final ValidationSettings settings;

  TlsAlpn01Validator(ValidationSettings settings) {
    this.settings = settings;
  }

  @Override
  public void validate(Acme.Identifier identifier, String token, String keyAuthorization)
      throws ValidationFailure {
    Optional<InetAddress> ip =
        identifier.type().equals("ip") ? IpLiteral.parse(identifier.value()) : Optional.empty();
    if (identifier.type().equals("ip") && ip.isEmpty()) {
      throw ValidationFailure.unauthorized("The ip identifier is not an address.");
    }
    String sni = ip.map(IpLiteral::reverseName).orElse(identifier.value());
    List<InetAddress> addresses =
        ip.isPresent()
            ? List.of(ip.get())
            : new DnsClient(settings.dnsResolver(), settings.timeout())
                .addresses(identifier.value());
    String where = IpLiteral.urlHost(identifier.value()) + ":" + settings.tlsPort();
    Deadline deadline = Deadline.in(settings.timeout());
    Socket socket = deadline.connect(addresses, settings.tlsPort(), where);
    X509Certificate certificate;
    try {
      certificate = handshake(socket, sni, where);
    } finally {
      Deadline.close(socket);
    }
    checkCertificate(certificate, identifier, ip, keyAuthorization, where);
  }

  private X509Certificate handshake(Socket socket, String sni, String where)
      throws ValidationFailure {
    try {
      SSLSocket ssl =
          (SSLSocket)
              AnyCertificate.context()
                  .getSocketFactory()
                  .createSocket(socket, sni, settings.tlsPort(), true);
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(sni)));
      parameters.setApplicationProtocols(new String[] {PROTOCOL});
      ssl.setSSLParameters(parameters);
      ssl.startHandshake();
      if (!PROTOCOL.equals(ssl.getApplicationProtocol())) {
        throw ValidationFailure.unauthorized(
            "The TLS server at "
                + where
                + " did not negotiate the ALPN protocol "
                + PROTOCOL
                + ".");
      }
      Certificate[] chain = ssl.getSession().getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
        throw ValidationFailure.tls("The TLS server at " + where + " presented no certificate.");
      }
      return certificate;
    } catch (SocketTimeoutException e) {
      throw ValidationFailure.connection(
          "Connecting to " + where + ": timeout during the TLS handshake.");
    } catch (SSLException | IllegalArgumentException e) {
      throw ValidationFailure.tls("The TLS handshake with " + where + " failed.");
    } catch (IOException e) {
      throw ValidationFailure.connection(
          "Connecting to " + where + ": " + Deadline.reason(e) + ".");
    }
  }

  private static void checkCertificate(
      X509Certificate certificate,
      Acme.Identifier identifier,
      Optional<InetAddress> ip,
      String keyAuthorization,
      String where)
      throws ValidationFailure {
    String wrong = "Incorrect validation certificate for tls-alpn-01 from " + where + ": ";
    // "The client ... MUST include ... a subjectAltName extension containing the dNSName being
    // validated and no other entries" (or the iPAddress, RFC 8738).
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw ValidationFailure.incorrectResponse(wrong + "its subjectAltName does not parse.");
    }
    if (names == null || names.size() != 1 || !names(names.iterator().next(), identifier, ip)) {
      throw ValidationFailure.incorrectResponse(
          wrong + "its subjectAltName must be " + identifier.value() + " and nothing else.");
    }
    if (certificate.getCriticalExtensionOIDs() == null
        || !certificate.getCriticalExtensionOIDs().contains(ACME_IDENTIFIER)) {
      throw ValidationFailure.incorrectResponse(
          wrong + "it has no critical acmeIdentifier extension.");
    }
    // extnValue (an OCTET STRING, as getExtensionValue returns it) holding the DER OCTET STRING of
    // the 32 bytes: 04 22 04 20 <SHA-256>.
    byte[] value = certificate.getExtensionValue(ACME_IDENTIFIER);
    byte[] expected = KeyAuthorization.digest(keyAuthorization);
    if (value == null
        || value.length != 36
        || value[0] != 0x04
        || value[1] != 0x22
        || value[2] != 0x04
        || value[3] != 0x20
        || !MessageDigest.isEqual(Arrays.copyOfRange(value, 4, 36), expected)) {
      throw ValidationFailure.incorrectResponse(
          wrong + "its acmeIdentifier is not the SHA-256 of the key authorization.");
    }
  }

  private static boolean names(List<?> name, Acme.Identifier identifier, Optional<InetAddress> ip) {
    if (!(name.get(0) instanceof Integer type) || !(name.get(1) instanceof String value)) {
      return false;
    }
    if (ip.isPresent()) {
      return type == SAN_IP && IpLiteral.parse(value).equals(ip);
    }
    return type == SAN_DNS
        && value.toLowerCase(Locale.ROOT).equals(identifier.value().toLowerCase(Locale.ROOT));
  }
}
