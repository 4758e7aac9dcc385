package dev.pca.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whole-request behaviour; also holds the fixture the other policy tests build on. */
class TemplatePolicyTest {
  /** A valid leaf template for TLS servers; tests change one field and build. */
  static final class Fixture {
    Duration maxValidity = Duration.ofDays(90);
    List<KeyRule> keys = List.of(new KeyRule("RSA", 2048), new KeyRule("EC", 256));
    List<String> suffixes = List.of("example.com");
    List<String> patterns = List.of("*.svc.example.net");
    boolean wildcards = false;
    List<String> ranges = List.of("10.0.0.0/8", "2001:db8::/32");
    List<String> emailDomains = List.of("example.com");
    List<String> uriPrefixes = List.of("spiffe://example.org/");
    int maxSans = 10;
    boolean cnMustBeSan = true;
    Set<String> csrFields = Set.of("CN", "O", "OU");
    Set<KeyUsageBit> keyUsage = Set.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_ENCIPHERMENT);
    List<SubjectField> defaults =
        List.of(new SubjectField("O", "Example Corp"), new SubjectField("C", "DE"));
    String signatureAlgorithm = null;

    TemplateSpec spec() {
      TemplateLimits limits =
          new TemplateLimits(
              maxValidity,
              keys,
              suffixes,
              patterns,
              wildcards,
              ranges,
              emailDomains,
              uriPrefixes,
              maxSans,
              cnMustBeSan,
              csrFields);
      TemplateSettings settings =
          new TemplateSettings(
              keyUsage, Set.of(ExtendedKeyUsage.TLS_SERVER), defaults, signatureAlgorithm);
      return new TemplateSpec(limits, settings);
    }

    Decision check(RequestFacts request) {
      return TemplatePolicy.check(spec(), request);
    }
  }

  static RequestFacts request(List<SubjectField> csr, List<San> sans) {
    return new RequestFacts(csr, "EC", 256, sans, null);
  }

  static RequestFacts request(San... sans) {
    return request(List.of(), List.of(sans));
  }

  static San dns(String v) {
    return new San(San.Type.DNS, v);
  }

  static San ip(String v) {
    return new San(San.Type.IP, v);
  }

  static San email(String v) {
    return new San(San.Type.EMAIL, v);
  }

  static San uri(String v) {
    return new San(San.Type.URI, v);
  }

  static SubjectField field(String name, String value) {
    return new SubjectField(name, value);
  }

  /** The one violation of a refused decision. */
  static Violation onlyViolation(Decision decision) {
    assertThat(decision.approved()).isFalse();
    assertThat(decision.violations()).hasSize(1);
    return decision.violations().get(0);
  }

  @Test
  void check_severalLimitsBroken_reportsEveryOneAndApprovesNothing() {
    RequestFacts request =
        new RequestFacts(
            List.of(field("CN", "www.example.com"), field("L", "Berlin")),
            "RSA",
            1024,
            List.of(dns("www.example.com"), dns("evil.org"), ip("192.168.0.1")),
            Duration.ofDays(400));

    Decision decision = new Fixture().check(request);

    assertThat(decision.approved()).isFalse();
    assertThat(decision.violations())
        .extracting(Violation::rule)
        .containsExactly(
            Rule.MAX_VALIDITY, Rule.KEY_SIZE, Rule.SUBJECT_FIELD, Rule.DNS_NAME, Rule.IP_ADDRESS);
    assertThat(decision.subject()).isEmpty();
    assertThat(decision.sans()).isEmpty();
    assertThat(decision.validity()).isNull();
  }

  @Test
  void check_templateWithProblems_refusesToJudge() {
    Fixture broken = new Fixture();
    broken.keyUsage = Set.of(KeyUsageBit.KEY_CERT_SIGN);

    assertThatThrownBy(() -> broken.check(request(dns("www.example.com"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("settings.keyUsage")
        .hasMessageContaining("KEY_CERT_SIGN");
  }

  @Test
  void check_thousandSans_judgedQuicklyAndApproved() {
    Fixture template = new Fixture();
    template.maxSans = 1000;
    List<San> sans = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      sans.add(dns("host-" + i + ".example.com"));
    }
    RequestFacts request = request(List.of(field("CN", "host-999.example.com")), sans);

    long start = System.nanoTime();
    Decision decision = template.check(request);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(decision.approved()).isTrue();
    assertThat(decision.sans()).hasSize(1000);
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void check_thousandBadSans_eachReportedOnce() {
    List<San> sans = Collections.nCopies(1000, dns("evil.org"));
    Fixture template = new Fixture();
    template.maxSans = 1000;

    Decision decision = template.check(request(List.of(), sans));

    assertThat(decision.violations()).hasSize(1000).allMatch(v -> v.rule() == Rule.DNS_NAME);
  }

  @Test
  void check_moreThanThousandSans_refusedUnreadAsMalformed() {
    List<San> sans = Collections.nCopies(1_000_000, dns("evil.org"));

    long start = System.nanoTime();
    Decision decision = new Fixture().check(request(List.of(), sans));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(decision.violations())
        .extracting(Violation::rule)
        .containsExactly(Rule.MALFORMED_NAME, Rule.SAN_COUNT);
    assertThat(decision.violations().get(0).detail()).contains("1000000").contains("1000");
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void check_moreThanThousandSubjectFields_refusedAsMalformed() {
    List<SubjectField> csr = Collections.nCopies(5000, field("OU", "x"));

    Decision decision = new Fixture().check(request(csr, List.of(dns("www.example.com"))));

    assertThat(onlyViolation(decision).rule()).isEqualTo(Rule.MALFORMED_NAME);
    assertThat(onlyViolation(decision).detail()).contains("5000");
  }

  @Test
  void check_hugeValue_refusedAsMalformedAndDetailStaysShort() {
    String huge = "a".repeat(5000) + ".example.com";

    Violation v = onlyViolation(new Fixture().check(request(dns(huge))));

    assertThat(v.rule()).isEqualTo(Rule.MALFORMED_NAME);
    assertThat(v.detail()).contains("aaaa").contains("5012 characters").hasSizeLessThan(300);
  }

  @Test
  void check_controlCharactersInValue_escapedInDetail() {
    Violation v = onlyViolation(new Fixture().check(request(dns("evil\n.example.com"))));

    assertThat(v.rule()).isEqualTo(Rule.MALFORMED_NAME);
    assertThat(v.detail()).doesNotContain("\n").contains("evil\\u000a.example.com");
  }

  @Test
  void decision_isImmutable() {
    List<Violation> violations = new ArrayList<>(List.of(new Violation(Rule.URI, "x")));
    Decision decision = new Decision(violations, null, null, null);
    violations.clear();

    assertThat(decision.violations()).hasSize(1);
    assertThat(decision.subject()).isEmpty();
    assertThatThrownBy(() -> decision.violations().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
