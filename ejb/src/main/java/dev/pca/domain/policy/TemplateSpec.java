package dev.pca.domain.policy;

import java.util.List;
import java.util.Objects;

/** A template = limits + settings. */
public record TemplateSpec(TemplateLimits limits, TemplateSettings settings) {
  public TemplateSpec {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(settings, "settings");
  }

  /**
   * Problems with the template itself (not a request), e.g. maxValidity &lt;= 0, empty allowedKeys,
   * a bad CIDR or suffix, KEY_CERT_SIGN in a leaf template, an unknown signature algorithm or
   * subject field name. Each message starts with the field it is about; empty when the template is
   * fine.
   */
  public List<String> problems() {
    return TemplateProblems.of(this);
  }
}
