package dev.pca.domain.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** What is wrong with a template itself; each message starts with the field it is about. */
final class TemplateProblems {
  static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519");

  /** Exact JCA names, so that whoever builds the signer can map them without guessing. */
  static final List<String> SIGNATURE_ALGORITHMS =
      List.of(
          "SHA256withECDSA", "SHA384withECDSA", "SHA256withRSA", "SHA384withRSA", "SHA512withRSA");

  private TemplateProblems() {}

  static List<String> of(TemplateSpec spec) {
    List<String> out = new ArrayList<>();
    limits(spec.limits(), out);
    settings(spec.settings(), out);
    return List.copyOf(out);
  }

  private static void limits(TemplateLimits l, List<String> out) {
    Duration max = l.maxValidity();
    if (max == null || max.isZero() || max.isNegative()) {
      out.add("limits.maxValidity: must be positive, is " + max);
    }
    keys(l.allowedKeys(), out);
    each("limits.dnsSuffixes", l.dnsSuffixes(), TemplateProblems::suffixProblem, out);
    each("limits.dnsPatterns", l.dnsPatterns(), DnsNames::patternProblem, out);
    each("limits.ipRanges", l.ipRanges(), TemplateProblems::rangeProblem, out);
    each("limits.emailDomains", l.emailDomains(), d -> DnsNames.problem(d, false), out);
    each("limits.uriPrefixes", l.uriPrefixes(), UriNames::prefixProblem, out);
    if (l.maxSans() < 0 || l.maxSans() > TemplatePolicy.MAX_SANS) {
      out.add(
          "limits.maxSans: must be from 0 to " + TemplatePolicy.MAX_SANS + ", is " + l.maxSans());
    }
    for (String field : l.csrSubjectFields()) {
      if (!SubjectNames.isKnown(field)) {
        out.add("limits.csrSubjectFields: unknown subject field " + unknownField(field));
      }
    }
  }

  private static void keys(List<KeyRule> keys, List<String> out) {
    if (keys.isEmpty()) {
      out.add("limits.allowedKeys: must not be empty");
    }
    for (int i = 0; i < keys.size(); i++) {
      KeyRule key = keys.get(i);
      if (KEY_ALGORITHMS.stream().noneMatch(key.algorithm()::equalsIgnoreCase)) {
        out.add(
            String.format(
                "limits.allowedKeys[%d].algorithm: unknown %s (known: %s)",
                i, Shown.value(key.algorithm()), String.join(", ", KEY_ALGORITHMS)));
      }
      if (key.minBits() < 0) {
        out.add("limits.allowedKeys[" + i + "].minBits: must not be negative, is " + key.minBits());
      }
    }
  }

  private static void settings(TemplateSettings s, List<String> out) {
    for (KeyUsageBit caBit : List.of(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN)) {
      if (s.keyUsage().contains(caBit)) {
        out.add("settings.keyUsage: " + caBit + " is for CA certificates, not leaf templates");
      }
    }
    // RFC 5280 4.2.1.3: "The meaning of the encipherOnly bit is undefined in the absence of the
    // keyAgreement bit." (and the same for decipherOnly)
    boolean onlyBits =
        s.keyUsage().contains(KeyUsageBit.ENCIPHER_ONLY)
            || s.keyUsage().contains(KeyUsageBit.DECIPHER_ONLY);
    if (onlyBits && !s.keyUsage().contains(KeyUsageBit.KEY_AGREEMENT)) {
      out.add("settings.keyUsage: ENCIPHER_ONLY and DECIPHER_ONLY need KEY_AGREEMENT");
    }
    String algorithm = s.signatureAlgorithm();
    if (algorithm != null && !SIGNATURE_ALGORITHMS.contains(algorithm)) {
      out.add(
          String.format(
              "settings.signatureAlgorithm: unknown %s (known: %s)",
              Shown.value(algorithm), String.join(", ", SIGNATURE_ALGORITHMS)));
    }
    subjectDefaults(s.subjectDefaults(), out);
  }

  private static void subjectDefaults(List<SubjectField> defaults, List<String> out) {
    for (int i = 0; i < defaults.size(); i++) {
      SubjectField field = defaults.get(i);
      if (!SubjectNames.isKnown(field.name())) {
        out.add(
            "settings.subjectDefaults["
                + i
                + "].name: unknown subject field "
                + unknownField(field.name()));
      }
      int length = field.value().length();
      if (field.value().isBlank() || length > TemplatePolicy.MAX_VALUE_CHARS) {
        out.add(
            String.format(
                "settings.subjectDefaults[%d].value: must be 1 to %d characters, not blank",
                i, TemplatePolicy.MAX_VALUE_CHARS));
      }
    }
  }

  private static void each(
      String field, List<String> entries, Function<String, String> check, List<String> out) {
    for (int i = 0; i < entries.size(); i++) {
      String problem = check.apply(entries.get(i));
      if (problem != null) {
        out.add(field + "[" + i + "]: " + Shown.value(entries.get(i)) + " " + problem);
      }
    }
  }

  /** "example.com" or ".example.com"; the leading dot only says "strictly under". */
  private static String suffixProblem(String suffix) {
    return DnsNames.problem(suffix.startsWith(".") ? suffix.substring(1) : suffix, false);
  }

  private static String rangeProblem(String cidr) {
    try {
      IpRange.parse(cidr);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String unknownField(String name) {
    Set<String> known = new TreeSet<>(SubjectNames.KNOWN);
    return Shown.value(name) + " (known: " + String.join(", ", known) + ")";
  }
}
