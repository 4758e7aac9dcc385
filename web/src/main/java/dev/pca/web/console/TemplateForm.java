package dev.pca.web.console;

import dev.pca.domain.policy.ExtendedKeyUsage;
import dev.pca.domain.policy.KeyRule;
import dev.pca.domain.policy.KeyUsageBit;
import dev.pca.domain.policy.SubjectField;
import dev.pca.domain.policy.TemplateLimits;
import dev.pca.domain.policy.TemplateSettings;
import dev.pca.domain.policy.TemplateSpec;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A template's limits and common settings as the form shows them: lists one entry per line, key
 * rules as "EC 256", subject defaults as "O=Example". It only translates; the core judges the
 * result and names each rule it breaks. What cannot even be read is named here the same way, by the
 * field it is in.
 */
public class TemplateForm implements Serializable {
  private static final long serialVersionUID = 1L;

  private Integer maxValidityDays = 90;
  private String allowedKeys = "EC 256\nRSA 2048";
  private String dnsSuffixes = "";
  private String dnsPatterns = "";
  private boolean allowWildcardNames;
  private String ipRanges = "";
  private String emailDomains = "";
  private String uriPrefixes = "";
  private Integer maxSans = 10;
  private boolean cnMustBeSan = true;
  private String csrSubjectFields = "CN";
  // Arrays, not lists: Faces converts the checked boxes by the array's element type.
  private KeyUsageBit[] keyUsage = {KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_ENCIPHERMENT};
  private ExtendedKeyUsage[] extendedKeyUsage = {ExtendedKeyUsage.TLS_SERVER};
  private String subjectDefaults = "";
  private String signatureAlgorithm;

  /** The form of an existing template. */
  public static TemplateForm of(TemplateSpec spec) {
    TemplateForm form = new TemplateForm();
    TemplateLimits l = spec.limits();
    form.maxValidityDays = l.maxValidity() == null ? null : (int) l.maxValidity().toDays();
    form.allowedKeys =
        l.allowedKeys().stream()
            .map(k -> k.algorithm() + " " + k.minBits())
            .collect(Collectors.joining("\n"));
    form.dnsSuffixes = lines(l.dnsSuffixes());
    form.dnsPatterns = lines(l.dnsPatterns());
    form.allowWildcardNames = l.allowWildcardNames();
    form.ipRanges = lines(l.ipRanges());
    form.emailDomains = lines(l.emailDomains());
    form.uriPrefixes = lines(l.uriPrefixes());
    form.maxSans = l.maxSans();
    form.cnMustBeSan = l.cnMustBeSan();
    form.csrSubjectFields = String.join(", ", l.csrSubjectFields());
    TemplateSettings s = spec.settings();
    form.keyUsage = s.keyUsage().toArray(KeyUsageBit[]::new);
    form.extendedKeyUsage = s.extendedKeyUsage().toArray(ExtendedKeyUsage[]::new);
    form.subjectDefaults =
        s.subjectDefaults().stream()
            .map(f -> f.name() + "=" + f.value())
            .collect(Collectors.joining("\n"));
    form.signatureAlgorithm = s.signatureAlgorithm();
    return form;
  }

  /**
   * The template the form describes; what cannot be read goes into {@code problems} as "field: what
   * is wrong", and the result is then null.
   */
  public TemplateSpec spec(List<String> problems) {
    List<KeyRule> keys = new ArrayList<>();
    for (String entry : entries(allowedKeys)) {
      String[] parts = entry.split("\\s+");
      Integer bits =
          parts.length == 1 ? Integer.valueOf(0) : parts.length == 2 ? bits(parts[1]) : null;
      if (bits == null) {
        problems.add("limits.allowedKeys: \"" + entry + "\" is not ALGORITHM BITS, e.g. EC 256");
      } else {
        keys.add(new KeyRule(parts[0], bits));
      }
    }
    List<SubjectField> defaults = new ArrayList<>();
    for (String entry : entries(subjectDefaults)) {
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        problems.add(
            "settings.subjectDefaults: \"" + entry + "\" is not NAME=value, e.g. O=Example");
      } else {
        defaults.add(
            new SubjectField(
                entry.substring(0, equals).strip(), entry.substring(equals + 1).strip()));
      }
    }
    if (!problems.isEmpty()) {
      return null;
    }
    TemplateLimits limits =
        new TemplateLimits(
            maxValidityDays == null ? null : Duration.ofDays(maxValidityDays),
            keys,
            entries(dnsSuffixes),
            entries(dnsPatterns),
            allowWildcardNames,
            entries(ipRanges),
            entries(emailDomains),
            entries(uriPrefixes),
            maxSans == null ? 0 : maxSans,
            cnMustBeSan,
            new LinkedHashSet<>(
                entries(csrSubjectFields).stream().map(f -> f.toUpperCase(Locale.ROOT)).toList()));
    TemplateSettings settings =
        new TemplateSettings(
            new LinkedHashSet<>(Arrays.asList(keyUsage)),
            new LinkedHashSet<>(Arrays.asList(extendedKeyUsage)),
            defaults,
            signatureAlgorithm == null || signatureAlgorithm.isBlank() ? null : signatureAlgorithm);
    return new TemplateSpec(limits, settings);
  }

  private static Integer bits(String text) {
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The entries of a list field: one per line or separated by commas, blanks dropped. */
  static List<String> entries(String text) {
    if (text == null) {
      return List.of();
    }
    return Arrays.stream(text.split("[,\\r\\n]+"))
        .map(String::strip)
        .filter(e -> !e.isEmpty())
        .toList();
  }

  private static String lines(List<String> values) {
    return String.join("\n", values);
  }

  public Integer getMaxValidityDays() {
    return maxValidityDays;
  }

  public void setMaxValidityDays(Integer maxValidityDays) {
    this.maxValidityDays = maxValidityDays;
  }

  public String getAllowedKeys() {
    return allowedKeys;
  }

  public void setAllowedKeys(String allowedKeys) {
    this.allowedKeys = allowedKeys;
  }

  public String getDnsSuffixes() {
    return dnsSuffixes;
  }

  public void setDnsSuffixes(String dnsSuffixes) {
    this.dnsSuffixes = dnsSuffixes;
  }

  public String getDnsPatterns() {
    return dnsPatterns;
  }

  public void setDnsPatterns(String dnsPatterns) {
    this.dnsPatterns = dnsPatterns;
  }

  public boolean isAllowWildcardNames() {
    return allowWildcardNames;
  }

  public void setAllowWildcardNames(boolean allowWildcardNames) {
    this.allowWildcardNames = allowWildcardNames;
  }

  public String getIpRanges() {
    return ipRanges;
  }

  public void setIpRanges(String ipRanges) {
    this.ipRanges = ipRanges;
  }

  public String getEmailDomains() {
    return emailDomains;
  }

  public void setEmailDomains(String emailDomains) {
    this.emailDomains = emailDomains;
  }

  public String getUriPrefixes() {
    return uriPrefixes;
  }

  public void setUriPrefixes(String uriPrefixes) {
    this.uriPrefixes = uriPrefixes;
  }

  public Integer getMaxSans() {
    return maxSans;
  }

  public void setMaxSans(Integer maxSans) {
    this.maxSans = maxSans;
  }

  public boolean isCnMustBeSan() {
    return cnMustBeSan;
  }

  public void setCnMustBeSan(boolean cnMustBeSan) {
    this.cnMustBeSan = cnMustBeSan;
  }

  public String getCsrSubjectFields() {
    return csrSubjectFields;
  }

  public void setCsrSubjectFields(String csrSubjectFields) {
    this.csrSubjectFields = csrSubjectFields;
  }

  public KeyUsageBit[] getKeyUsage() {
    return keyUsage.clone();
  }

  public void setKeyUsage(KeyUsageBit[] keyUsage) {
    this.keyUsage = keyUsage == null ? new KeyUsageBit[0] : keyUsage.clone();
  }

  public ExtendedKeyUsage[] getExtendedKeyUsage() {
    return extendedKeyUsage.clone();
  }

  public void setExtendedKeyUsage(ExtendedKeyUsage[] extendedKeyUsage) {
    this.extendedKeyUsage =
        extendedKeyUsage == null ? new ExtendedKeyUsage[0] : extendedKeyUsage.clone();
  }

  public String getSubjectDefaults() {
    return subjectDefaults;
  }

  public void setSubjectDefaults(String subjectDefaults) {
    this.subjectDefaults = subjectDefaults;
  }

  public String getSignatureAlgorithm() {
    return signatureAlgorithm;
  }

  public void setSignatureAlgorithm(String signatureAlgorithm) {
    this.signatureAlgorithm = signatureAlgorithm;
  }
}
