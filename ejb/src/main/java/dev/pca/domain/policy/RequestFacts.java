package dev.pca.domain.policy;

import java.time.Duration;
import java.util.List;

/**
 * The facts of one issuance request that the policy judges.
 *
 * @param csrSubject the CSR's subject fields, in CSR order
 * @param keyAlgorithm "RSA", "EC" or "Ed25519"
 * @param keyBits modulus bits, or the EC field size
 * @param sans requested SANs (from the CSR or the caller)
 * @param validity requested validity; null = use the template's maxValidity
 */
public record RequestFacts(
    List<SubjectField> csrSubject,
    String keyAlgorithm,
    int keyBits,
    List<San> sans,
    Duration validity) {
  public RequestFacts {
    csrSubject = Copies.list(csrSubject);
    sans = Copies.list(sans);
  }
}
