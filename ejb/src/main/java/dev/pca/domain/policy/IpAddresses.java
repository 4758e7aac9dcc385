package dev.pca.domain.policy;

/**
 * IP address literals, parsed by hand so that nothing ever resolves a name: InetAddress.getByName
 * would query DNS for anything that is not a literal. RFC 5280 4.2.1.6: "For IP version 4 ... the
 * octet string MUST contain exactly four octets. For IP version 6 ... exactly sixteen octets."
 */
final class IpAddresses {
  /** "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", the longest literal without a zone. */
  private static final int MAX_TEXT = 45;

  private IpAddresses() {}

  /** The 4 or 16 octets of an IPv4 or IPv6 literal, or null if {@code s} is not one. */
  static byte[] parse(String s) {
    if (s.isEmpty() || s.length() > MAX_TEXT) {
      return null;
    }
    return s.indexOf(':') >= 0 ? parseV6(s) : parseV4(s);
  }

  /**
   * Dotted quad only: no leading zeros, which inet_aton would read as octal, and none of the
   * shorter forms like "10.1".
   */
  static byte[] parseV4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.length() > 3 || !DnsNames.allDigits(p) || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /** RFC 4291 2.2 text forms; "::" stands for one or more zero groups. Zone ids are refused. */
  private static byte[] parseV6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = gap < 0 ? groups(s, true) : groups(s.substring(0, gap), false);
    int[] tail = gap < 0 ? new int[0] : groups(s.substring(gap + 2), true);
    if (head == null || tail == null) {
      return null;
    }
    int count = head.length + tail.length;
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    byte[] out = new byte[16];
    put(head, out, 0);
    put(tail, out, 8 - tail.length);
    return out;
  }

  private static int[] groups(String part, boolean ipv4Last) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] items = part.split(":", -1);
    String last = items[items.length - 1];
    byte[] v4 = ipv4Last && last.indexOf('.') >= 0 ? parseV4(last) : null;
    if (v4 == null && last.indexOf('.') >= 0) {
      return null;
    }
    int hexCount = v4 == null ? items.length : items.length - 1;
    int[] out = new int[hexCount + (v4 == null ? 0 : 2)];
    for (int i = 0; i < hexCount; i++) {
      out[i] = hexGroup(items[i]);
      if (out[i] < 0) {
        return null;
      }
    }
    if (v4 != null) {
      out[hexCount] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
      out[hexCount + 1] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
    }
    return out;
  }

  private static int hexGroup(String g) {
    if (g.isEmpty() || g.length() > 4) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < g.length(); i++) {
      int d = hexDigit(g.charAt(i));
      if (d < 0) {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static void put(int[] groups, byte[] out, int firstGroup) {
    for (int i = 0; i < groups.length; i++) {
      out[2 * (firstGroup + i)] = (byte) (groups[i] >> 8);
      out[2 * (firstGroup + i) + 1] = (byte) groups[i];
    }
  }

  /** Canonical text: dotted quad, or RFC 5952 for IPv6. */
  static String format(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
    if (isV4Mapped(a)) {
      // RFC 5952 5: "it is RECOMMENDED to use mixed notation if the following prefixes are
      // used: ::ffff:0:0/96"
      return "::ffff:" + format(java.util.Arrays.copyOfRange(a, 12, 16));
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
    }
    return formatV6(g);
  }

  /**
   * RFC 5952 4.2: "::" replaces the longest run of zero groups, the first one on a tie, and "MUST
   * NOT be used to shorten just one 16-bit 0 field"; 4.3: lower-case hex.
   */
  private static String formatV6(int[] g) {
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder b = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLen - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(g[i]));
    }
    return b.toString();
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
  }
}
