package dev.pca.enrollment.acme;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP addresses as ip identifiers and URLs write them (RFC 8738), parsed without ever asking DNS,
 * and the reverse-mapping name that tls-alpn-01 sends as SNI for them.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8738#section-6">RFC 8738 section 6</a>
 */
final class IpLiteral {
  private static final Pattern V4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpLiteral() {}

  /** The address of a literal ({@code 192.0.2.1}, {@code 2001:db8::1}); empty for a name. */
  static Optional<InetAddress> parse(String text) {
    boolean v4 = V4.matcher(text).matches();
    if (!v4 && !(text.contains(":") && V6.matcher(text).matches())) {
      return Optional.empty();
    }
    try {
      // A literal is parsed, never looked up.
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The host as a URL writes it: IPv6 in brackets. */
  static String urlHost(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /**
   * "The ACME server MUST ... use the reverse mapping of the IP address as the SNI": {@code
   * 4.3.2.1.in-addr.arpa} or the nibbles of an IPv6 address under {@code ip6.arpa}.
   */
  static String reverseName(InetAddress address) {
    byte[] bytes = address.getAddress();
    StringBuilder name = new StringBuilder();
    if (address instanceof Inet4Address) {
      for (int i = bytes.length - 1; i >= 0; i--) {
        name.append(bytes[i] & 0xff).append('.');
      }
      return name.append("in-addr.arpa").toString();
    }
    for (int i = bytes.length - 1; i >= 0; i--) {
      name.append(Character.forDigit(bytes[i] & 0xf, 16)).append('.');
      name.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append('.');
    }
    return name.append("ip6.arpa").toString();
  }
}
