package dev.pca.domain.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/** Judges issuance requests against templates. Pure: no I/O, no clock, no DNS. */
public final class TemplatePolicy {
  /** Above this many SANs a request is refused unread, so judging stays linear and small. */
  static final int MAX_SANS = 1000;

  /** The same bound for CSR subject fields, which a hostile CSR could also repeat at will. */
  static final int MAX_SUBJECT_FIELDS = 1000;

  /** No SAN or subject value longer than this is parsed at all. */
  static final int MAX_VALUE_CHARS = 1024;

  private TemplatePolicy() {}

  /**
   * Judges a request against a template. Never silently changes a request: every limit broken is
   * reported (all of them, not only the first); when approved, subject = template subjectDefaults
   * for fields the CSR did not set + the CSR's own fields (CSR order, defaults first), sans =
   * exactly the requested SANs (DNS names lower-cased, IPs in canonical textual form), validity =
   * requested or maxValidity.
   *
   * @throws IllegalArgumentException if the template has {@link TemplateSpec#problems()}: a broken
   *     template (a leaf with KEY_CERT_SIGN, say) must not issue anything
   */
  public static Decision check(TemplateSpec template, RequestFacts request) {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(request, "request");
    List<String> problems = template.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "the template has problems and judges nothing: " + String.join("; ", problems));
    }
    CompiledLimits limits = new CompiledLimits(template.limits());
    List<Violation> out = new ArrayList<>();
    Duration validity = validity(template.limits().maxValidity(), request.validity(), out);
    key(template.limits().allowedKeys(), request, out);
    List<SubjectField> subject =
        subject(limits, template.settings().subjectDefaults(), request.csrSubject(), out);
    List<San> sans = sans(limits, request.sans(), out);
    if (subject != null && sans != null) {
      identity(template.limits().cnMustBeSan(), subject, sans, out);
    }
    return out.isEmpty()
        ? new Decision(List.of(), subject, sans, validity)
        : new Decision(out, List.of(), List.of(), null);
  }

  private static Duration validity(Duration max, Duration requested, List<Violation> out) {
    Duration validity = requested == null ? max : requested;
    if (validity.isZero() || validity.isNegative()) {
      out.add(new Violation(Rule.MAX_VALIDITY, "validity " + validity + " is not positive"));
    } else if (validity.compareTo(max) > 0) {
      String detail =
          "validity " + days(validity) + " is longer than the template's maximum " + days(max);
      out.add(new Violation(Rule.MAX_VALIDITY, detail));
    }
    return validity;
  }

  private static String days(Duration d) {
    return d.toDays() > 0 ? d + " (" + d.toDays() + " days)" : d.toString();
  }

  private static void key(List<KeyRule> rules, RequestFacts request, List<Violation> out) {
    String algorithm = request.keyAlgorithm();
    OptionalInt min =
        rules.stream()
            .filter(rule -> rule.algorithm().equalsIgnoreCase(algorithm))
            .mapToInt(KeyRule::minBits)
            .min();
    if (min.isEmpty()) {
      Set<String> allowed = new LinkedHashSet<>();
      rules.forEach(rule -> allowed.add(rule.algorithm()));
      String detail =
          "key algorithm " + Shown.value(algorithm) + " is not allowed " + Shown.list(allowed);
      out.add(new Violation(Rule.KEY_ALGORITHM, detail));
    } else if (request.keyBits() < min.getAsInt()) {
      String detail =
          String.format(
              "%s key of %d bits is below the minimum of %d bits",
              Shown.value(algorithm), request.keyBits(), min.getAsInt());
      out.add(new Violation(Rule.KEY_SIZE, detail));
    }
  }

  /** The merged subject, or null when the CSR subject is too large to judge. */
  private static List<SubjectField> subject(
      CompiledLimits limits,
      List<SubjectField> defaults,
      List<SubjectField> csr,
      List<Violation> out) {
    if (csr.size() > MAX_SUBJECT_FIELDS) {
      String detail =
          "the CSR subject has " + csr.size() + " fields, more than the " + MAX_SUBJECT_FIELDS;
      out.add(new Violation(Rule.MALFORMED_NAME, detail + " this CA judges"));
      return null;
    }
    Set<String> csrNames = new HashSet<>();
    Set<String> refused = new HashSet<>();
    for (SubjectField field : csr) {
      if (field.name().length() > MAX_VALUE_CHARS || field.value().length() > MAX_VALUE_CHARS) {
        String detail = "subject field " + shown(field) + " is longer than " + MAX_VALUE_CHARS;
        out.add(new Violation(Rule.MALFORMED_NAME, detail + " characters"));
        continue;
      }
      String name = SubjectNames.canonical(field.name());
      csrNames.add(name);
      if (!limits.csrMaySet(name) && refused.add(name)) {
        String detail =
            "the CSR sets subject field "
                + shown(field)
                + ", which the template does not let a CSR set "
                + Shown.list(limits.limits().csrSubjectFields());
        out.add(new Violation(Rule.SUBJECT_FIELD, detail));
      }
    }
    return merge(defaults, csrNames, csr);
  }

  /** Defaults for the fields the CSR left out, in template order, then the CSR's own fields. */
  private static List<SubjectField> merge(
      List<SubjectField> defaults, Set<String> csrNames, List<SubjectField> csr) {
    List<SubjectField> merged = new ArrayList<>();
    for (SubjectField field : defaults) {
      if (!csrNames.contains(SubjectNames.canonical(field.name()))) {
        merged.add(field);
      }
    }
    merged.addAll(csr);
    return merged;
  }

  private static String shown(SubjectField field) {
    return Shown.value(field.name()) + "=" + Shown.value(field.value());
  }

  /** The SANs as issued, or null when there are too many to judge one by one. */
  private static List<San> sans(CompiledLimits limits, List<San> requested, List<Violation> out) {
    int count = requested.size();
    if (count > MAX_SANS) {
      String detail = "the request has " + count + " SANs, more than the " + MAX_SANS;
      out.add(new Violation(Rule.MALFORMED_NAME, detail + " this CA judges"));
    }
    int max = limits.limits().maxSans();
    if (count > max) {
      String detail = "the request has " + count + " SANs; the template allows at most " + max;
      out.add(new Violation(Rule.SAN_COUNT, detail));
    }
    if (count > MAX_SANS) {
      return null;
    }
    SanJudge judge = new SanJudge(limits);
    List<San> issued = new ArrayList<>(count);
    for (San san : requested) {
      issued.add(judge.judge(san, out));
    }
    return issued;
  }

  /**
   * NO_IDENTITY and CN_NOT_IN_SANS, on the merged subject: a CN from the template's defaults ends
   * up in the certificate just as one from the CSR does.
   */
  private static void identity(
      boolean cnMustBeSan, List<SubjectField> subject, List<San> sans, List<Violation> out) {
    List<String> cns =
        subject.stream()
            .filter(f -> SubjectNames.CN.equals(SubjectNames.canonical(f.name())))
            .map(SubjectField::value)
            .toList();
    if (sans.isEmpty() && cns.stream().allMatch(String::isBlank)) {
      out.add(new Violation(Rule.NO_IDENTITY, "the request names neither a SAN nor a CN"));
      return;
    }
    if (!cnMustBeSan) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (San san : sans) {
      if (san.type() != San.Type.URI) {
        names.add(nameKey(san.value()));
      }
    }
    for (String cn : cns) {
      if (!names.contains(nameKey(cn))) {
        String detail = "CN " + Shown.value(cn) + " is not among the DNS, IP or email SANs";
        out.add(new Violation(Rule.CN_NOT_IN_SANS, detail));
      }
    }
  }

  /** DNS names and email compare case-insensitively, IP addresses by their octets. */
  private static String nameKey(String value) {
    byte[] address = IpAddresses.parse(value);
    return address != null ? IpAddresses.format(address) : DnsNames.lower(value);
  }
}
