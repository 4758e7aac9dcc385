package dev.pca.enrollment.acme;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS questions validation asks (A, AAAA, TXT), sent to the resolver the settings name (UDP,
 * and TCP when the answer is truncated) or to the system's. Nothing is cached between questions: a
 * client that just published its record must be seen. Failures are dns problems that say which
 * question failed and how.
 */
final class DnsClient {
  private final Resolver resolver;
  private final boolean system;

  DnsClient(String resolverAddress, Duration timeout) throws ValidationFailure {
    system = resolverAddress == null || resolverAddress.isEmpty();
    if (system) {
      resolver = new ExtendedResolver();
    } else {
      SimpleResolver simple = new SimpleResolver(address(resolverAddress));
      resolver = simple;
    }
    resolver.setTimeout(timeout);
  }

  /** The addresses of a name: its A records, or when it has none, its AAAA records. */
  List<InetAddress> addresses(String name) throws ValidationFailure {
    List<InetAddress> addresses = new ArrayList<>();
    for (Record record : lookup(name, Type.A)) {
      if (record instanceof ARecord a) {
        addresses.add(a.getAddress());
      }
    }
    if (addresses.isEmpty()) {
      for (Record record : lookup(name, Type.AAAA)) {
        if (record instanceof AAAARecord aaaa) {
          addresses.add(aaaa.getAddress());
        }
      }
    }
    if (addresses.isEmpty()) {
      throw ValidationFailure.dns("No A or AAAA records found for " + name + ".");
    }
    return addresses;
  }

  /** The TXT records of a name, each record's strings joined; empty when there are none. */
  List<String> txt(String name) throws ValidationFailure {
    List<String> texts = new ArrayList<>();
    for (Record record : lookup(name, Type.TXT)) {
      if (record instanceof TXTRecord txt) {
        texts.add(String.join("", txt.getStrings()));
      }
    }
    return texts;
  }

  private Record[] lookup(String name, int type) throws ValidationFailure {
    Name absolute;
    try {
      absolute = Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw ValidationFailure.dns("'" + name + "' is not a DNS name.");
    }
    Lookup lookup = new Lookup(absolute, type);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    if (!system) {
      // The resolver configured for validation answers alone; this host's files do not.
      lookup.setHostsFileParser(null);
    }
    Record[] records = lookup.run();
    return switch (lookup.getResult()) {
      case Lookup.SUCCESSFUL -> records;
      case Lookup.TYPE_NOT_FOUND -> new Record[0];
      case Lookup.HOST_NOT_FOUND ->
          throw ValidationFailure.dns(
              "NXDOMAIN looking up " + Type.string(type) + " for " + name + ".");
      default ->
          throw ValidationFailure.dns(
              "DNS problem looking up "
                  + Type.string(type)
                  + " for "
                  + name
                  + ": "
                  + lookup.getErrorString()
                  + ".");
    };
  }

  /** {@code host:port}, {@code [v6]:port}, or a host alone for port 53. */
  private static InetSocketAddress address(String text) throws ValidationFailure {
    String host = text;
    int port = SimpleResolver.DEFAULT_PORT;
    int colon = text.lastIndexOf(':');
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      host = text.substring(1, close < 0 ? text.length() : close);
      if (close >= 0 && close + 1 < text.length() && text.charAt(close + 1) == ':') {
        port = parsePort(text.substring(close + 2));
      }
    } else if (colon > 0 && text.indexOf(':') == colon) {
      host = text.substring(0, colon);
      port = parsePort(text.substring(colon + 1));
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw ValidationFailure.dns("The DNS resolver for validation, " + text + ", is unknown.");
    }
  }

  private static int parsePort(String text) throws ValidationFailure {
    try {
      int port = Integer.parseInt(text);
      if (port > 0 && port < 65536) {
        return port;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ValidationFailure.dns("The DNS resolver for validation has no valid port: " + text + ".");
  }
}
