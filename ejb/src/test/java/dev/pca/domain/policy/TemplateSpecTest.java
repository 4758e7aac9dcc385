package dev.pca.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.domain.policy.TemplatePolicyTest.Fixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What TemplateSpec.problems() finds in a template before any request is judged. */
class TemplateSpecTest {
  private final Fixture template = new Fixture();

  @Test
  void problems_validTemplate_none() {
    assertThat(template.spec().problems()).isEmpty();
  }

  @Test
  void problems_maxValidityMissingZeroOrNegative_namesMaxValidity() {
    for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofDays(-1)}) {
      template.maxValidity = bad;
      assertThat(template.spec().problems())
          .singleElement()
          .asString()
          .startsWith("limits.maxValidity");
    }
  }

  @Test
  void problems_noAllowedKeys_namesAllowedKeys() {
    template.keys = List.of();
    assertThat(template.spec().problems()).containsExactly("limits.allowedKeys: must not be empty");
  }

  @Test
  void problems_unknownKeyAlgorithmOrNegativeBits_namesTheRule() {
    template.keys = List.of(new KeyRule("DSA", 2048), new KeyRule("EC", -1));
    assertThat(template.spec().problems())
        .satisfiesExactly(
            p -> assertThat(p).startsWith("limits.allowedKeys[0].algorithm").contains("DSA"),
            p -> assertThat(p).startsWith("limits.allowedKeys[1].minBits").contains("-1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/33",
        "10.0.0.1/8",
        "10.0.0",
        "example.com/8",
        "2001:db8::/129",
        "10.0.0.0/",
        "10.0.0.0/+8",
        "::/8/9"
      })
  void problems_badCidr_namesIpRanges(String cidr) {
    template.ranges = List.of("10.0.0.0/8", cidr);
    assertThat(template.spec().problems())
        .singleElement()
        .asString()
        .startsWith("limits.ipRanges[1]: " + cidr);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..example.com",
        "exa mple.com",
        "*.example.com",
        "example.com.",
        "-example.com"
      })
  void problems_badSuffix_namesDnsSuffixes(String suffix) {
    template.suffixes = List.of(suffix);
    assertThat(template.spec().problems())
        .singleElement()
        .asString()
        .startsWith("limits.dnsSuffixes[0]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"web-*.example.com", "example.*", "*.*", "*", "a..example.com", "*.123"})
  void problems_badPattern_namesDnsPatterns(String pattern) {
    template.patterns = List.of(pattern);
    assertThat(template.spec().problems())
        .singleElement()
        .asString()
        .startsWith("limits.dnsPatterns[0]");
  }

  @Test
  void problems_badEmailDomain_namesEmailDomains() {
    template.emailDomains = List.of("example.com", "@example.com");
    assertThat(template.spec().problems())
        .singleElement()
        .asString()
        .startsWith("limits.emailDomains[1]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "spiffe://example.org",
        "example.org/",
        "1http://x/",
        "spiffe://exa mple.org/"
      })
  void problems_badUriPrefix_namesUriPrefixes(String prefix) {
    template.uriPrefixes = List.of(prefix);
    assertThat(template.spec().problems())
        .singleElement()
        .asString()
        .startsWith("limits.uriPrefixes[0]");
  }

  @Test
  void problems_maxSansOutOfBounds_namesMaxSans() {
    template.maxSans = -1;
    assertThat(template.spec().problems()).singleElement().asString().startsWith("limits.maxSans");
    template.maxSans = 1001;
    assertThat(template.spec().problems()).singleElement().asString().startsWith("limits.maxSans");
  }

  @Test
  void problems_unknownCsrSubjectField_namesCsrSubjectFields() {
    template.csrFields = Set.of("CN", "FOO");
    assertThat(template.spec().problems())
        .singleElement()
        .asString()
        .startsWith("limits.csrSubjectFields")
        .contains("FOO");
  }

  @Test
  void problems_caKeyUsageInLeafTemplate_namesKeyUsage() {
    template.keyUsage = EnumSet.of(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN);
    assertThat(template.spec().problems())
        .satisfiesExactly(
            p -> assertThat(p).startsWith("settings.keyUsage").contains("KEY_CERT_SIGN"),
            p -> assertThat(p).startsWith("settings.keyUsage").contains("CRL_SIGN"));
  }

  @Test
  void problems_encipherOnlyWithoutKeyAgreement_namesKeyUsage() {
    template.keyUsage = EnumSet.of(KeyUsageBit.ENCIPHER_ONLY);
    assertThat(template.spec().problems()).singleElement().asString().contains("KEY_AGREEMENT");
    template.keyUsage = EnumSet.of(KeyUsageBit.KEY_AGREEMENT, KeyUsageBit.DECIPHER_ONLY);
    assertThat(template.spec().problems()).isEmpty();
  }

  @Test
  void problems_unknownSignatureAlgorithm_namesSignatureAlgorithm() {
    template.signatureAlgorithm = "MD5withRSA";
    assertThat(template.spec().problems())
        .singleElement()
        .asString()
        .startsWith("settings.signatureAlgorithm")
        .contains("MD5withRSA");
    template.signatureAlgorithm = "SHA384withECDSA";
    assertThat(template.spec().problems()).isEmpty();
  }

  @Test
  void problems_badSubjectDefault_namesTheDefault() {
    template.defaults =
        List.of(
            new SubjectField("O", "Example"),
            new SubjectField("FOO", "x"),
            new SubjectField("C", " "));
    assertThat(template.spec().problems())
        .satisfiesExactly(
            p -> assertThat(p).startsWith("settings.subjectDefaults[1].name").contains("FOO"),
            p -> assertThat(p).startsWith("settings.subjectDefaults[2].value"));
  }

  @Test
  void problems_severalAtOnce_allReported() {
    template.maxValidity = Duration.ZERO;
    template.keys = List.of();
    template.signatureAlgorithm = "none";
    assertThat(template.spec().problems()).hasSize(3);
  }

  @Test
  void spec_isImmutableCopyOfItsInputs() {
    List<String> suffixes = new ArrayList<>(List.of("example.com"));
    template.suffixes = suffixes;
    TemplateSpec spec = template.spec();
    suffixes.add("evil.org");
    assertThat(spec.limits().dnsSuffixes()).containsExactly("example.com");
  }

  @Test
  void extendedKeyUsage_exposesRfc5280Oids() {
    assertThat(ExtendedKeyUsage.TLS_SERVER.oid()).isEqualTo("1.3.6.1.5.5.7.3.1");
    assertThat(ExtendedKeyUsage.TLS_CLIENT.oid()).isEqualTo("1.3.6.1.5.5.7.3.2");
    assertThat(ExtendedKeyUsage.CODE_SIGNING.oid()).isEqualTo("1.3.6.1.5.5.7.3.3");
    assertThat(ExtendedKeyUsage.EMAIL_PROTECTION.oid()).isEqualTo("1.3.6.1.5.5.7.3.4");
    assertThat(ExtendedKeyUsage.TIME_STAMPING.oid()).isEqualTo("1.3.6.1.5.5.7.3.8");
    assertThat(ExtendedKeyUsage.OCSP_SIGNING.oid()).isEqualTo("1.3.6.1.5.5.7.3.9");
  }
}
