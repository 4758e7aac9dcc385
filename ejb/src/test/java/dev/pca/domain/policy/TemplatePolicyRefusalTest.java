package dev.pca.domain.policy;

import static dev.pca.domain.policy.TemplatePolicyTest.dns;
import static dev.pca.domain.policy.TemplatePolicyTest.email;
import static dev.pca.domain.policy.TemplatePolicyTest.field;
import static dev.pca.domain.policy.TemplatePolicyTest.ip;
import static dev.pca.domain.policy.TemplatePolicyTest.onlyViolation;
import static dev.pca.domain.policy.TemplatePolicyTest.request;
import static dev.pca.domain.policy.TemplatePolicyTest.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.domain.policy.TemplatePolicyTest.Fixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One refusal per rule at least; each detail names the offending value. */
class TemplatePolicyRefusalTest {
  private final Fixture template = new Fixture();

  private static void assertRefused(Decision decision, Rule rule, String... detailParts) {
    Violation v = onlyViolation(decision);
    assertThat(v.rule()).isEqualTo(rule);
    assertThat(v.detail()).contains(detailParts);
  }

  private static RequestFacts withValidity(Duration validity) {
    return new RequestFacts(List.of(), "EC", 256, List.of(dns("www.example.com")), validity);
  }

  private static RequestFacts withKey(String algorithm, int bits) {
    return new RequestFacts(List.of(), algorithm, bits, List.of(dns("www.example.com")), null);
  }

  @Test
  void check_validityOverMaximum_refusedWithMaxValidityRule() {
    assertRefused(
        template.check(withValidity(Duration.ofDays(91))), Rule.MAX_VALIDITY, "91 days", "90 days");
  }

  @Test
  void check_validityZeroOrNegative_refusedWithMaxValidityRule() {
    assertRefused(template.check(withValidity(Duration.ZERO)), Rule.MAX_VALIDITY, "PT0S");
    assertRefused(template.check(withValidity(Duration.ofHours(-1))), Rule.MAX_VALIDITY, "PT-1H");
  }

  @Test
  void check_keyAlgorithmNotAllowed_refusedWithKeyAlgorithmRule() {
    assertRefused(template.check(withKey("Ed25519", 255)), Rule.KEY_ALGORITHM, "Ed25519", "RSA");
    assertRefused(template.check(withKey(null, 0)), Rule.KEY_ALGORITHM, "(none)");
  }

  @Test
  void check_keyBelowMinimum_refusedWithKeySizeRule() {
    assertRefused(template.check(withKey("RSA", 1024)), Rule.KEY_SIZE, "1024", "2048");
    assertRefused(template.check(withKey("EC", 224)), Rule.KEY_SIZE, "224", "256");
  }

  @Test
  void check_dnsNameOutsideSuffixes_refusedWithDnsNameRule() {
    assertRefused(
        template.check(request(dns("evil.org"))), Rule.DNS_NAME, "evil.org", "example.com");
  }

  @Test
  void check_dnsNameOnlySharingTheSuffixText_refusedWithDnsNameRule() {
    assertRefused(template.check(request(dns("notexample.com"))), Rule.DNS_NAME, "notexample.com");
  }

  @Test
  void check_dnsNameEqualToStrictSuffix_refusedWithDnsNameRule() {
    template.suffixes = List.of(".example.com");
    assertRefused(template.check(request(dns("example.com"))), Rule.DNS_NAME, "example.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"svc.example.net", "a.b.svc.example.net", "a.svc.example.net.evil.org"})
  void check_dnsNameNotMatchingPatternLabelForLabel_refusedWithDnsNameRule(String name) {
    assertRefused(template.check(request(dns(name))), Rule.DNS_NAME, name, "*.svc.example.net");
  }

  @Test
  void check_wildcardNameWithoutAllowWildcardNames_refusedWithDnsNameRule() {
    assertRefused(
        template.check(request(dns("*.example.com"))), Rule.DNS_NAME, "*.example.com", "wildcard");
  }

  @Test
  void check_wildcardNameNotAllowedLiterally_refusedWithDnsNameRule() {
    template.wildcards = true;
    template.suffixes = List.of();
    template.patterns = List.of("www.*.example.net");
    assertRefused(
        template.check(request(dns("*.a.example.net"))), Rule.DNS_NAME, "*.a.example.net");
  }

  @Test
  void check_ipOutsideRanges_refusedWithIpAddressRule() {
    assertRefused(
        template.check(request(ip("192.168.1.1"))), Rule.IP_ADDRESS, "192.168.1.1", "10.0.0.0/8");
    assertRefused(template.check(request(ip("2001:db9::1"))), Rule.IP_ADDRESS, "2001:db9::1");
  }

  @Test
  void check_ipv4MappedAddress_notInsideAnIpv4Range_refusedWithIpAddressRule() {
    assertRefused(
        template.check(request(ip("::ffff:10.0.0.1"))), Rule.IP_ADDRESS, "::ffff:10.0.0.1");
  }

  @Test
  void check_emailOutsideDomains_refusedWithEmailAddressRule() {
    assertRefused(
        template.check(request(email("bob@evil.org"))),
        Rule.EMAIL_ADDRESS,
        "bob@evil.org",
        "example.com");
  }

  @Test
  void check_emailInSubdomain_refusedWithEmailAddressRule() {
    assertRefused(
        template.check(request(email("bob@mail.example.com"))),
        Rule.EMAIL_ADDRESS,
        "bob@mail.example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.org/x",
        "spiffe://example.org.evil.net/x",
        "SPIFFE://example.org/x",
        "spiffe://example.org"
      })
  void check_uriWithoutAllowedPrefix_refusedWithUriRule(String value) {
    assertRefused(template.check(request(uri(value))), Rule.URI, value, "spiffe://example.org/");
  }

  @Test
  void check_moreSansThanAllowed_refusedWithSanCountRule() {
    template.maxSans = 2;
    RequestFacts request =
        request(dns("a.example.com"), dns("b.example.com"), dns("c.example.com"));
    assertRefused(template.check(request), Rule.SAN_COUNT, "3 SANs", "at most 2");
  }

  @Test
  void check_cnNotAmongSans_refusedWithCnNotInSansRule() {
    RequestFacts request =
        request(List.of(field("CN", "other.example.com")), List.of(dns("www.example.com")));
    assertRefused(template.check(request), Rule.CN_NOT_IN_SANS, "other.example.com");
  }

  @Test
  void check_cnMatchingOnlyAUriSan_refusedWithCnNotInSansRule() {
    String spiffe = "spiffe://example.org/web";
    RequestFacts request = request(List.of(field("CN", spiffe)), List.of(uri(spiffe)));
    assertRefused(template.check(request), Rule.CN_NOT_IN_SANS, spiffe);
  }

  @Test
  void check_defaultCnNotAmongSans_refusedWithCnNotInSansRule() {
    template.defaults = List.of(field("CN", "Example Service"));
    assertRefused(
        template.check(request(dns("www.example.com"))), Rule.CN_NOT_IN_SANS, "Example Service");
  }

  @Test
  void check_csrSetsFieldNotAllowed_refusedWithSubjectFieldRuleOncePerName() {
    RequestFacts request =
        request(
            List.of(field("CN", "www.example.com"), field("L", "Berlin"), field("l", "Bonn")),
            List.of(dns("www.example.com")));
    assertRefused(template.check(request), Rule.SUBJECT_FIELD, "L=Berlin");
  }

  @Test
  void check_neitherSanNorCn_refusedWithNoIdentityRule() {
    RequestFacts request = request(List.of(field("O", "Example Corp")), List.of());
    assertRefused(template.check(request), Rule.NO_IDENTITY, "neither a SAN nor a CN");
  }

  @Test
  void check_onlyBlankCn_refusedWithNoIdentityRule() {
    template.cnMustBeSan = false;
    RequestFacts request = request(List.of(field("CN", " ")), List.of());
    assertRefused(template.check(request), Rule.NO_IDENTITY, "neither a SAN nor a CN");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-www.example.com",
        "www-.example.com",
        "a..example.com",
        "www.example.com.",
        ".example.com",
        "a_b.example.com",
        "www.example.123",
        "a.*.example.com",
        "web-*.example.com",
        "*",
        "w\u00ebb.example.com",
        "www.example.com:443",
        "10.0.0.1"
      })
  void check_malformedDnsName_refusedWithMalformedNameRule(String name) {
    assertRefused(template.check(request(dns(name))), Rule.MALFORMED_NAME, "dNSName " + name);
  }

  @Test
  void check_dnsNameTooLong_refusedWithMalformedNameRule() {
    String longLabel = "a".repeat(64) + ".example.com";
    String longName = ("a".repeat(60) + ".").repeat(4) + "example.com";
    assertRefused(template.check(request(dns(longLabel))), Rule.MALFORMED_NAME, "63");
    assertRefused(template.check(request(dns(longName))), Rule.MALFORMED_NAME, "253");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.256",
        "010.0.0.1",
        "10.1",
        "10.0.0.1.",
        "1::2::3",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        ":1:2:3:4:5:6:7",
        "fe80::1%eth0",
        "localhost",
        "10.0.0.0/8",
        "::ffff:10.0.0.1.2",
        "\u0661\u0660.0.0.1"
      })
  void check_malformedIp_refusedWithMalformedNameRule(String value) {
    assertRefused(template.check(request(ip(value))), Rule.MALFORMED_NAME, "iPAddress " + value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bob",
        "@example.com",
        "bob@",
        ".bob@example.com",
        "a..b@example.com",
        "\"bob smith\"@example.com",
        "bob@[10.0.0.1]",
        "bob@-x.example.com",
        "b\u00f6b@example.com"
      })
  void check_malformedEmail_refusedWithMalformedNameRule(String value) {
    assertRefused(
        template.check(request(email(value))), Rule.MALFORMED_NAME, "rfc822Name " + value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not a uri",
        "/relative/path",
        "spiffe:",
        "spiffe://example.org/ns/../../other",
        "spiffe://example.org/ns/%2e%2e/other",
        "spiffe://example.org/./x",
        "spiffe://ex\u00e4mple.org/x"
      })
  void check_malformedUri_refusedWithMalformedNameRule(String value) {
    assertRefused(
        template.check(request(uri(value))),
        Rule.MALFORMED_NAME,
        "uniformResourceIdentifier " + value);
  }

  @Test
  void check_subjectValueTooLong_refusedWithMalformedNameRule() {
    RequestFacts request =
        request(
            List.of(field("CN", "www.example.com"), field("O", "x".repeat(1025))),
            List.of(dns("www.example.com")));
    assertRefused(template.check(request), Rule.MALFORMED_NAME, "O=xxxx", "1025 characters");
  }
}
