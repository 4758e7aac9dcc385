package dev.pca.domain.policy;

import java.util.List;
import java.util.Set;

/**
 * Common settings of a template. Null collections are taken as empty.
 *
 * @param keyUsage must not contain KEY_CERT_SIGN or CRL_SIGN (leaf templates)
 * @param extendedKeyUsage the EKU purposes to assert
 * @param subjectDefaults applied where the CSR does not set that field
 * @param signatureAlgorithm null = the issuer key's default; else one of SHA256withECDSA,
 *     SHA384withECDSA, SHA256withRSA, SHA384withRSA, SHA512withRSA
 */
public record TemplateSettings(
    Set<KeyUsageBit> keyUsage,
    Set<ExtendedKeyUsage> extendedKeyUsage,
    List<SubjectField> subjectDefaults,
    String signatureAlgorithm) {
  public TemplateSettings {
    keyUsage = Copies.enumSet(keyUsage, KeyUsageBit.class);
    extendedKeyUsage = Copies.enumSet(extendedKeyUsage, ExtendedKeyUsage.class);
    subjectDefaults = Copies.list(subjectDefaults);
  }
}
