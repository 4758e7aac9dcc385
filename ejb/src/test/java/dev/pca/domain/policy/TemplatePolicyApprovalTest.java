package dev.pca.domain.policy;

import static dev.pca.domain.policy.TemplatePolicyTest.dns;
import static dev.pca.domain.policy.TemplatePolicyTest.email;
import static dev.pca.domain.policy.TemplatePolicyTest.field;
import static dev.pca.domain.policy.TemplatePolicyTest.ip;
import static dev.pca.domain.policy.TemplatePolicyTest.request;
import static dev.pca.domain.policy.TemplatePolicyTest.uri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.domain.policy.TemplatePolicyTest.Fixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests inside the limits, and what the approved decision then carries. */
class TemplatePolicyApprovalTest {
  private final Fixture template = new Fixture();

  private static Decision assertApproved(Decision decision) {
    assertThat(decision.violations()).isEmpty();
    assertThat(decision.approved()).isTrue();
    return decision;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"example.com", "www.example.com", "a.b.example.com", "xn--bcher-kva.example.com"})
  void check_dnsNameUnderSuffix_approved(String name) {
    assertThat(assertApproved(template.check(request(dns(name)))).sans())
        .containsExactly(dns(name));
  }

  @Test
  void check_dnsNameInOtherCase_approvedAndLowerCased() {
    Decision decision = assertApproved(template.check(request(dns("WWW.Example.COM"))));
    assertThat(decision.sans()).containsExactly(dns("www.example.com"));
  }

  @Test
  void check_suffixInOtherCaseAndStrict_approvesNamesStrictlyUnderIt() {
    template.suffixes = List.of(".EXAMPLE.com");
    assertApproved(template.check(request(dns("a.example.com"))));
  }

  @Test
  void check_dnsNameMatchingPattern_approved() {
    assertApproved(template.check(request(dns("api.svc.example.net"))));
  }

  @Test
  void check_wildcardNameAllowedBySuffix_approvedWhenWildcardsAllowed() {
    template.wildcards = true;
    Decision decision = assertApproved(template.check(request(dns("*.Example.com"))));
    assertThat(decision.sans()).containsExactly(dns("*.example.com"));
  }

  @Test
  void check_wildcardNameEqualToPattern_approvedWhenWildcardsAllowed() {
    template.wildcards = true;
    assertApproved(template.check(request(dns("*.svc.example.net"))));
  }

  @Test
  void check_ipv4InsideCidr_approved() {
    assertApproved(template.check(request(ip("10.20.30.40"))));
  }

  @Test
  void check_ipv6InsideCidr_approvedInCanonicalForm() {
    Decision decision = assertApproved(template.check(request(ip("2001:0DB8:0:0:0:0:0:1"))));
    assertThat(decision.sans()).containsExactly(ip("2001:db8::1"));
  }

  @Test
  void check_ipRangeWithoutLength_approvesOnlyThatAddress() {
    template.ranges = List.of("192.0.2.7", "2001:db8::7");
    assertApproved(template.check(request(ip("192.0.2.7"), ip("2001:db8:0::7"))));
    assertThat(template.check(request(ip("192.0.2.8"))).approved()).isFalse();
  }

  @Test
  void check_ipRangeNotOnByteBoundary_approvesInsideOnly() {
    template.ranges = List.of("172.16.0.0/12");
    assertApproved(template.check(request(ip("172.31.255.255"))));
    assertThat(template.check(request(ip("172.32.0.0"))).approved()).isFalse();
  }

  @Test
  void check_emailInDomainOtherCase_approvedUnchanged() {
    Decision decision = assertApproved(template.check(request(email("Bob.Smith+tag@EXAMPLE.com"))));
    assertThat(decision.sans()).containsExactly(email("Bob.Smith+tag@EXAMPLE.com"));
  }

  @Test
  void check_uriWithAllowedPrefix_approved() {
    assertApproved(template.check(request(uri("spiffe://example.org/ns/prod/sa/web"))));
  }

  @Test
  void check_everyKindTogether_approvedInRequestOrder() {
    RequestFacts request =
        request(
            uri("spiffe://example.org/web"),
            email("ops@example.com"),
            ip("10.0.0.1"),
            dns("www.example.com"));
    Decision decision = assertApproved(template.check(request));
    assertThat(decision.sans()).containsExactlyElementsOf(request.sans());
  }

  @Test
  void check_defaults_fillFieldsTheCsrLeftOut_defaultsFirst() {
    RequestFacts request =
        request(
            List.of(field("CN", "www.example.com"), field("o", "Custom Org"), field("OU", "Web")),
            List.of(dns("www.example.com")));

    Decision decision = assertApproved(template.check(request));

    assertThat(decision.subject())
        .containsExactly(
            field("C", "DE"),
            field("CN", "www.example.com"),
            field("o", "Custom Org"),
            field("OU", "Web"));
  }

  @Test
  void check_validityNotRequested_getsTemplateMaximum() {
    Decision decision = assertApproved(template.check(request(dns("www.example.com"))));
    assertThat(decision.validity()).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void check_validityRequested_keptAsRequested() {
    RequestFacts request =
        new RequestFacts(
            List.of(), "EC", 256, List.of(dns("www.example.com")), Duration.ofDays(30));
    assertThat(assertApproved(template.check(request)).validity()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void check_keyAtOrAboveTheLowestMatchingMinimum_approved() {
    template.keys = List.of(new KeyRule("RSA", 3072), new KeyRule("rsa", 2048));
    RequestFacts request =
        new RequestFacts(List.of(), "RSA", 2048, List.of(dns("www.example.com")), null);
    assertApproved(template.check(request));
  }

  @Test
  void check_cnEqualToSanOfAnyKindIgnoringCaseAndIpSpelling_approved() {
    RequestFacts request =
        request(
            List.of(
                field("CN", "WWW.example.com"),
                field("cn", "2001:DB8:0::1"),
                field("CN", "OPS@example.com")),
            List.of(dns("www.example.com"), ip("2001:db8::1"), email("ops@example.com")));
    assertApproved(template.check(request));
  }

  @Test
  void check_cnWithoutSansWhenNotRequired_approved() {
    template.cnMustBeSan = false;
    RequestFacts request = request(List.of(field("CN", "Build Agent 7")), List.of());
    Decision decision = assertApproved(template.check(request));
    assertThat(decision.sans()).isEmpty();
  }

  @Test
  void check_csrWithoutSubject_approvedWithDefaultsOnly() {
    Decision decision = assertApproved(template.check(request(dns("www.example.com"))));
    assertThat(decision.subject()).containsExactly(field("O", "Example Corp"), field("C", "DE"));
  }
}
