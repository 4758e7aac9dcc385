package dev.pca.domain.policy;

import java.util.List;

/** Judges one SAN at a time against compiled limits; never looks at the other SANs. */
final class SanJudge {
  private final CompiledLimits limits;

  SanJudge(CompiledLimits limits) {
    this.limits = limits;
  }

  /**
   * The SAN as it would be issued (DNS lower-cased, IP canonical), adding a violation to {@code
   * out} when it is malformed or not allowed.
   */
  San judge(San san, List<Violation> out) {
    if (san.value().length() > TemplatePolicy.MAX_VALUE_CHARS) {
      out.add(malformed(san, "is longer than " + TemplatePolicy.MAX_VALUE_CHARS + " characters"));
      return san;
    }
    return switch (san.type()) {
      case DNS -> dns(san, out);
      case IP -> ip(san, out);
      case EMAIL -> email(san, out);
      case URI -> uri(san, out);
    };
  }

  private San dns(San san, List<Violation> out) {
    String problem = DnsNames.problem(san.value(), true);
    if (problem != null) {
      out.add(malformed(san, problem));
      return san;
    }
    String name = DnsNames.lower(san.value());
    TemplateLimits l = limits.limits();
    if (DnsNames.isWildcard(name) && !l.allowWildcardNames()) {
      out.add(
          new Violation(
              Rule.DNS_NAME,
              "dNSName " + Shown.value(name) + " is a wildcard and the template allows none"));
    } else if (!limits.dnsAllowed(name)) {
      String detail =
          "dNSName "
              + Shown.value(name)
              + " is not under any allowed suffix "
              + Shown.list(l.dnsSuffixes())
              + (l.dnsPatterns().isEmpty()
                  ? ""
                  : " and matches no allowed pattern " + Shown.list(l.dnsPatterns()));
      out.add(new Violation(Rule.DNS_NAME, detail));
    }
    return new San(San.Type.DNS, name);
  }

  private San ip(San san, List<Violation> out) {
    byte[] address = IpAddresses.parse(san.value());
    if (address == null) {
      out.add(malformed(san, "is not an IPv4 or IPv6 address literal"));
      return san;
    }
    String canonical = IpAddresses.format(address);
    if (!limits.ipAllowed(address)) {
      String detail =
          "iPAddress "
              + canonical
              + " is outside every allowed range "
              + Shown.list(limits.limits().ipRanges());
      out.add(new Violation(Rule.IP_ADDRESS, detail));
    }
    return new San(San.Type.IP, canonical);
  }

  private San email(San san, List<Violation> out) {
    String problem = EmailAddresses.problem(san.value());
    if (problem != null) {
      out.add(malformed(san, problem));
    } else if (!limits.emailDomainAllowed(EmailAddresses.domain(san.value()))) {
      String detail =
          "rfc822Name "
              + Shown.value(san.value())
              + " is not in an allowed domain "
              + Shown.list(limits.limits().emailDomains());
      out.add(new Violation(Rule.EMAIL_ADDRESS, detail));
    }
    return san;
  }

  private San uri(San san, List<Violation> out) {
    String problem = UriNames.problem(san.value());
    if (problem != null) {
      out.add(malformed(san, problem));
    } else if (!limits.uriAllowed(san.value())) {
      String detail =
          "uniformResourceIdentifier "
              + Shown.value(san.value())
              + " does not start with an allowed prefix "
              + Shown.list(limits.limits().uriPrefixes());
      out.add(new Violation(Rule.URI, detail));
    }
    return san;
  }

  private static Violation malformed(San san, String problem) {
    return new Violation(
        Rule.MALFORMED_NAME, kind(san.type()) + " " + Shown.value(san.value()) + " " + problem);
  }

  /** The GeneralName choice names of RFC 5280, which is what a PKI reader looks for. */
  static String kind(San.Type type) {
    return switch (type) {
      case DNS -> "dNSName";
      case IP -> "iPAddress";
      case EMAIL -> "rfc822Name";
      case URI -> "uniformResourceIdentifier";
    };
  }
}
