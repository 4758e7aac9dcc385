package dev.pca.domain.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A template's limits parsed once per check: suffixes lower-cased, patterns split into labels,
 * ranges parsed. Built only from limits without problems.
 */
final class CompiledLimits {
  /** "example.com" matches itself unless strict; both match names ending in ".example.com". */
  private record Suffix(String name, String dotted, boolean strict) {}

  private final TemplateLimits limits;
  private final List<Suffix> suffixes = new ArrayList<>();
  private final List<String[]> patterns = new ArrayList<>();
  private final List<IpRange> ranges = new ArrayList<>();
  private final Set<String> emailDomains = new HashSet<>();
  private final Set<String> csrFields = new HashSet<>();

  CompiledLimits(TemplateLimits limits) {
    this.limits = limits;
    for (String s : limits.dnsSuffixes()) {
      boolean strict = s.startsWith(".");
      String name = DnsNames.lower(strict ? s.substring(1) : s);
      suffixes.add(new Suffix(name, "." + name, strict));
    }
    for (String p : limits.dnsPatterns()) {
      patterns.add(DnsNames.lower(p).split("\\.", -1));
    }
    for (String r : limits.ipRanges()) {
      ranges.add(IpRange.parse(r));
    }
    for (String d : limits.emailDomains()) {
      emailDomains.add(DnsNames.lower(d));
    }
    for (String f : limits.csrSubjectFields()) {
      csrFields.add(SubjectNames.canonical(f));
    }
  }

  TemplateLimits limits() {
    return limits;
  }

  /**
   * Whether a lower-cased, well-formed name is under a suffix or matches a pattern. A wildcard
   * name's "*" is compared literally, so "*.example.com" matches "*.example.com" or suffix
   * "example.com" but never "a.example.com"; whether wildcards are wanted at all is asked apart.
   */
  boolean dnsAllowed(String name) {
    for (Suffix s : suffixes) {
      if (name.endsWith(s.dotted()) || (!s.strict() && name.equals(s.name()))) {
        return true;
      }
    }
    String[] labels = name.split("\\.", -1);
    for (String[] pattern : patterns) {
      if (matches(pattern, labels)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String[] pattern, String[] labels) {
    if (pattern.length != labels.length) {
      return false;
    }
    for (int i = 0; i < labels.length; i++) {
      if (!pattern[i].equals(DnsNames.WILDCARD) && !pattern[i].equals(labels[i])) {
        return false;
      }
    }
    return true;
  }

  boolean ipAllowed(byte[] address) {
    for (IpRange range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  boolean emailDomainAllowed(String lowerDomain) {
    return emailDomains.contains(lowerDomain);
  }

  /** Plain, case-sensitive prefix: a scheme or host in other case is refused, never guessed. */
  boolean uriAllowed(String uri) {
    for (String prefix : limits.uriPrefixes()) {
      if (uri.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  boolean csrMaySet(String fieldName) {
    return csrFields.contains(SubjectNames.canonical(fieldName));
  }
}
