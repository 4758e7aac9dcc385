package dev.pca.enrollment.est;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.domain.policy.KeyRule;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.est.CSRAttributesResponse;
import org.junit.jupiter.api.Test;

class CsrAttrsTest {
  @Test
  void of_ecAndRsaRules_namesTheEcCurvesAndRsa() throws Exception {
    byte[] der = CsrAttrs.of(List.of(new KeyRule("EC", 256), new KeyRule("RSA", 2048)));

    // Read back as Bouncy Castle's EST client reads a csrattrs answer.
    CSRAttributesResponse read = new CSRAttributesResponse(der);
    assertThat(read.getRequirements())
        .containsExactlyInAnyOrder(
            X9ObjectIdentifiers.id_ecPublicKey, PKCSObjectIdentifiers.rsaEncryption);
    assertThat(read.isAttribute(X9ObjectIdentifiers.id_ecPublicKey)).isTrue();
    assertThat(curves(der))
        .containsExactlyInAnyOrder(
            SECObjectIdentifiers.secp256r1,
            SECObjectIdentifiers.secp384r1,
            SECObjectIdentifiers.secp521r1);
  }

  @Test
  void of_ecRuleOf384Bits_leavesTheSmallerCurveOut() {
    byte[] der = CsrAttrs.of(List.of(new KeyRule("ec", 384)));

    assertThat(curves(der))
        .containsExactlyInAnyOrder(SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);
  }

  @Test
  void of_noRuleItKnows_isAnEmptySequence() {
    assertThat(CsrAttrs.of(List.of(new KeyRule("DSA", 2048)))).containsExactly(0x30, 0x00);
  }

  /** The values of the id-ecPublicKey attribute. */
  private static List<ASN1Encodable> curves(byte[] der) {
    return Arrays.stream(
            org.bouncycastle.asn1.est.CsrAttrs.getInstance(ASN1Sequence.getInstance(der))
                .getAttrOrOIDs())
        .filter(item -> !item.isOid())
        .map(AttrOrOID::getAttribute)
        .filter(attribute -> attribute.getAttrType().equals(X9ObjectIdentifiers.id_ecPublicKey))
        .flatMap(attribute -> Arrays.stream(attribute.getAttributeValues()))
        .toList();
  }
}
