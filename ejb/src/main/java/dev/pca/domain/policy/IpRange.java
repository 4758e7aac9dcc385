package dev.pca.domain.policy;

/** A CIDR block of one address family; an address matches only blocks of its own family. */
final class IpRange {
  private final byte[] network;
  private final int prefix;

  private IpRange(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /**
   * Parses "10.0.0.0/8" or "2001:db8::/32"; a bare address is a /32 or /128.
   *
   * @throws IllegalArgumentException saying why {@code cidr} is not a range
   */
  static IpRange parse(String cidr) {
    int slash = cidr.indexOf('/');
    String address = slash < 0 ? cidr : cidr.substring(0, slash);
    byte[] network = IpAddresses.parse(address);
    if (network == null) {
      throw new IllegalArgumentException("is not an IPv4 or IPv6 address literal");
    }
    int bits = network.length * 8;
    int prefix = slash < 0 ? bits : prefixLength(cidr.substring(slash + 1), bits);
    if (hasHostBits(network, prefix)) {
      // A block like 10.0.0.1/8 is most likely a typo; refuse to guess which was meant.
      throw new IllegalArgumentException("has host bits set after /" + prefix);
    }
    return new IpRange(network, prefix);
  }

  private static int prefixLength(String text, int bits) {
    if (text.length() > 3 || !DnsNames.allDigits(text) || Integer.parseInt(text) > bits) {
      throw new IllegalArgumentException("needs a prefix length from 0 to " + bits);
    }
    return Integer.parseInt(text);
  }

  private static boolean hasHostBits(byte[] address, int prefix) {
    for (int bit = prefix; bit < address.length * 8; bit++) {
      if ((address[bit / 8] & (0x80 >> (bit % 8))) != 0) {
        return true;
      }
    }
    return false;
  }

  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int whole = prefix / 8;
    for (int i = 0; i < whole; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[whole] & mask) == (network[whole] & mask);
  }

  @Override
  public String toString() {
    return IpAddresses.format(network) + "/" + prefix;
  }
}
