package dev.pca.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.domain.policy.ExtendedKeyUsage;
import dev.pca.domain.policy.KeyRule;
import dev.pca.domain.policy.KeyUsageBit;
import dev.pca.domain.policy.SubjectField;
import dev.pca.domain.policy.TemplateLimits;
import dev.pca.domain.policy.TemplateSettings;
import dev.pca.domain.policy.TemplateSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateFormTest {
  private static final TemplateSpec SPEC =
      new TemplateSpec(
          new TemplateLimits(
              Duration.ofDays(90),
              List.of(new KeyRule("EC", 256), new KeyRule("RSA", 2048)),
              List.of("example.com", ".svc.example.com"),
              List.of("*.web.example.com"),
              true,
              List.of("10.0.0.0/8"),
              List.of("example.com"),
              List.of("spiffe://example.org/"),
              5,
              true,
              new LinkedHashSet<>(List.of("CN", "O"))),
          new TemplateSettings(
              Set.of(KeyUsageBit.DIGITAL_SIGNATURE),
              Set.of(ExtendedKeyUsage.TLS_SERVER, ExtendedKeyUsage.TLS_CLIENT),
              List.of(new SubjectField("O", "Example Ltd")),
              "SHA256withECDSA"));

  @Test
  void of_thenSpec_givesTheSameTemplateBack() {
    List<String> problems = new ArrayList<>();

    TemplateSpec back = TemplateForm.of(SPEC).spec(problems);

    assertThat(problems).isEmpty();
    assertThat(back).isEqualTo(SPEC);
  }

  @Test
  void spec_listsSplitOnLinesAndCommas_blanksDropped_fieldNamesUpperCased() {
    TemplateForm form = new TemplateForm();
    form.setDnsSuffixes(" example.com ,\r\n\r\nexample.org\n");
    form.setCsrSubjectFields("cn, o ,ou");
    form.setSignatureAlgorithm("");

    TemplateSpec spec = form.spec(new ArrayList<>());

    assertThat(spec.limits().dnsSuffixes()).containsExactly("example.com", "example.org");
    assertThat(spec.limits().csrSubjectFields()).containsExactly("CN", "O", "OU");
    assertThat(spec.settings().signatureAlgorithm()).isNull();
  }

  @Test
  void spec_unreadableKeyRuleAndSubjectDefault_namedByField_noSpec() {
    TemplateForm form = new TemplateForm();
    form.setAllowedKeys("EC 256\nRSA lots\nEC 256 384");
    form.setSubjectDefaults("O=Example\nnot a pair");
    List<String> problems = new ArrayList<>();

    assertThat(form.spec(problems)).isNull();

    assertThat(problems)
        .containsExactly(
            "limits.allowedKeys: \"RSA lots\" is not ALGORITHM BITS, e.g. EC 256",
            "limits.allowedKeys: \"EC 256 384\" is not ALGORITHM BITS, e.g. EC 256",
            "settings.subjectDefaults: \"not a pair\" is not NAME=value, e.g. O=Example");
  }

  @Test
  void spec_ofEmptyValidity_leavesTheRuleToTheCore() {
    TemplateForm form = new TemplateForm();
    form.setMaxValidityDays(null);

    TemplateSpec spec = form.spec(new ArrayList<>());

    assertThat(spec.problems()).anyMatch(p -> p.startsWith("limits.maxValidity"));
  }
}
