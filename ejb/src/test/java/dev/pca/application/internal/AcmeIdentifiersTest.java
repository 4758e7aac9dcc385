package dev.pca.application.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.application.Acme.Identifier;
import dev.pca.application.Acme.Problem;
import dev.pca.application.Acme.ProblemType;
import dev.pca.application.Acme.Subproblem;
import dev.pca.domain.policy.ExtendedKeyUsage;
import dev.pca.domain.policy.KeyRule;
import dev.pca.domain.policy.KeyUsageBit;
import dev.pca.domain.policy.SubjectField;
import dev.pca.domain.policy.TemplateLimits;
import dev.pca.domain.policy.TemplateSettings;
import dev.pca.domain.policy.TemplateSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

class AcmeIdentifiersTest {
  private static final X500Name EMPTY = new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);

  private static TemplateSpec template(boolean wildcards, int maxSans) {
    return new TemplateSpec(
        new TemplateLimits(
            Duration.ofDays(90),
            List.of(new KeyRule("EC", 256), new KeyRule("RSA", 2048)),
            List.of("example.com"),
            List.of(),
            wildcards,
            List.of("10.0.0.0/8", "2001:db8::/32"),
            List.of(),
            List.of(),
            maxSans,
            true,
            Set.of("CN")),
        new TemplateSettings(
            Set.of(KeyUsageBit.DIGITAL_SIGNATURE),
            Set.of(ExtendedKeyUsage.TLS_SERVER),
            List.<SubjectField>of(),
            null));
  }

  private static Identifier dns(String value) {
    return new Identifier("dns", value);
  }

  private static Identifier ip(String value) {
    return new Identifier("ip", value);
  }

  private static Problem problem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(Problem.class);
    return (Problem) thrown;
  }

  @Test
  void requested_lowerCasesDnsAndDropsDuplicates() throws Problem {
    assertThat(AcmeIdentifiers.requested(List.of(dns("WWW.Example.com"), dns("www.example.com"))))
        .containsExactly(dns("www.example.com"));
  }

  @Test
  void requested_otherTypes_areUnsupportedEachWithItsSubproblem() {
    Problem p =
        problem(
            () ->
                AcmeIdentifiers.requested(
                    List.of(dns("a.example.com"), new Identifier("email", "a@example.com"))));
    assertThat(p.type()).isEqualTo(ProblemType.UNSUPPORTED_IDENTIFIER);
    assertThat(p.subproblems())
        .extracting(Subproblem::identifier)
        .containsExactly(new Identifier("email", "a@example.com"));
  }

  @Test
  void requested_noneOrTooMany_isRefused() {
    assertThat(problem(() -> AcmeIdentifiers.requested(List.of())).type())
        .isEqualTo(ProblemType.MALFORMED);
    List<Identifier> many =
        java.util.stream.IntStream.range(0, 101)
            .mapToObj(i -> dns("h" + i + ".example.com"))
            .toList();
    assertThat(problem(() -> AcmeIdentifiers.requested(many)).type())
        .isEqualTo(ProblemType.REJECTED_IDENTIFIER);
  }

  @Test
  void judged_allowedNames_comeBackCanonical() throws Problem {
    assertThat(
            AcmeIdentifiers.judged(
                template(false, 10),
                List.of(dns("www.example.com"), ip("2001:DB8:0:0::1"), ip("10.1.2.3")),
                null))
        .containsExactly(dns("www.example.com"), ip("2001:db8::1"), ip("10.1.2.3"));
  }

  @Test
  void judged_refusedNames_getOneSubproblemEach() {
    Problem p =
        problem(
            () ->
                AcmeIdentifiers.judged(
                    template(false, 10),
                    List.of(dns("www.example.com"), dns("evil.org"), ip("192.168.1.1")),
                    null));
    assertThat(p.type()).isEqualTo(ProblemType.REJECTED_IDENTIFIER);
    assertThat(p.subproblems())
        .extracting(Subproblem::identifier)
        .containsExactly(dns("evil.org"), ip("192.168.1.1"));
    assertThat(p.subproblems())
        .extracting(Subproblem::type)
        .containsOnly(ProblemType.REJECTED_IDENTIFIER);
  }

  @Test
  void judged_malformedName_isAMalformedSubproblem() {
    Problem p =
        problem(
            () ->
                AcmeIdentifiers.judged(template(false, 10), List.of(dns("a..example.com")), null));
    assertThat(p.subproblems()).extracting(Subproblem::type).containsExactly(ProblemType.MALFORMED);
  }

  @Test
  void judged_wildcard_onlyWhereTheTemplateAllowsIt() throws Problem {
    List<Identifier> wildcard = List.of(dns("*.example.com"));
    assertThat(
            problem(() -> AcmeIdentifiers.judged(template(false, 10), wildcard, null))
                .subproblems())
        .extracting(Subproblem::identifier)
        .containsExactly(dns("*.example.com"));
    assertThat(AcmeIdentifiers.judged(template(true, 10), wildcard, null)).isEqualTo(wildcard);
  }

  @Test
  void judged_moreNamesThanTheTemplateTakes_isRejected() {
    Problem p =
        problem(
            () ->
                AcmeIdentifiers.judged(
                    template(false, 1), List.of(dns("a.example.com"), dns("b.example.com")), null));
    assertThat(p.type()).isEqualTo(ProblemType.REJECTED_IDENTIFIER);
    assertThat(p.getMessage()).contains("at most 1");
  }

  @Test
  void judged_validityBeyondTheTemplate_isMalformed() {
    Problem p =
        problem(
            () ->
                AcmeIdentifiers.judged(
                    template(false, 10), List.of(dns("a.example.com")), Duration.ofDays(91)));
    assertThat(p.type()).isEqualTo(ProblemType.MALFORMED);
  }

  @Test
  void challenges_dependOnTheIdentifier() {
    assertThat(AcmeIdentifiers.challengeTypes(dns("a.example.com")))
        .containsExactly("http-01", "dns-01", "tls-alpn-01");
    assertThat(AcmeIdentifiers.challengeTypes(dns("*.example.com"))).containsExactly("dns-01");
    assertThat(AcmeIdentifiers.challengeTypes(ip("10.0.0.1")))
        .containsExactly("http-01", "tls-alpn-01");
    assertThat(AcmeIdentifiers.authorized(dns("*.example.com"))).isEqualTo("example.com");
    assertThat(AcmeIdentifiers.wildcard(dns("*.example.com"))).isTrue();
    assertThat(AcmeIdentifiers.authorized(dns("a.example.com"))).isEqualTo("a.example.com");
  }

  @Test
  void requireExactly_sameNamesInAnyCase_pass() throws Problem {
    AcmeIdentifiers.requireExactly(
        List.of(dns("a.example.com"), ip("2001:db8::1")),
        List.of(
            new GeneralName(GeneralName.dNSName, "A.example.com"),
            new GeneralName(GeneralName.iPAddress, "2001:db8:0:0:0:0:0:1")),
        new X500Name("CN=a.example.com"));
  }

  @Test
  void requireExactly_nameAsCommonNameOnly_passes() throws Problem {
    AcmeIdentifiers.requireExactly(
        List.of(dns("a.example.com")), List.of(), new X500Name("CN=a.example.com"));
  }

  @Test
  void requireExactly_otherNames_isBadCsr() {
    List<Identifier> ordered = List.of(dns("a.example.com"), dns("b.example.com"));
    assertThat(
            problem(
                    () ->
                        AcmeIdentifiers.requireExactly(
                            ordered,
                            List.of(new GeneralName(GeneralName.dNSName, "a.example.com")),
                            EMPTY))
                .type())
        .isEqualTo(ProblemType.BAD_CSR);
    assertThat(
            problem(
                    () ->
                        AcmeIdentifiers.requireExactly(
                            List.of(dns("a.example.com")),
                            List.of(
                                new GeneralName(GeneralName.dNSName, "a.example.com"),
                                new GeneralName(GeneralName.dNSName, "c.example.com")),
                            EMPTY))
                .type())
        .isEqualTo(ProblemType.BAD_CSR);
  }

  @Test
  void requireExactly_commonNameOutsideTheOrder_isBadCsr() {
    assertThatThrownBy(
            () ->
                AcmeIdentifiers.requireExactly(
                    List.of(dns("a.example.com")),
                    List.of(new GeneralName(GeneralName.dNSName, "a.example.com")),
                    new X500Name("CN=other.example.com")))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("common name");
  }

  @Test
  void requireExactly_emailName_isBadCsr() {
    assertThat(
            problem(
                    () ->
                        AcmeIdentifiers.requireExactly(
                            List.of(dns("a.example.com")),
                            List.of(
                                new GeneralName(GeneralName.dNSName, "a.example.com"),
                                new GeneralName(GeneralName.rfc822Name, "a@example.com")),
                            EMPTY))
                .type())
        .isEqualTo(ProblemType.BAD_CSR);
  }

  @Test
  void requireExactly_wildcard_mustBeTheWildcard() {
    assertThat(
            problem(
                    () ->
                        AcmeIdentifiers.requireExactly(
                            List.of(dns("*.example.com")),
                            List.of(new GeneralName(GeneralName.dNSName, "example.com")),
                            EMPTY))
                .type())
        .isEqualTo(ProblemType.BAD_CSR);
  }
}
