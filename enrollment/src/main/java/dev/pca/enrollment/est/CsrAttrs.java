package dev.pca.enrollment.est;

import dev.pca.domain.policy.KeyRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The CSR attributes an EST profile asks for: the key types its template allows. "An EST server ...
 * can indicate the type of key ... an Attribute whose type is id-ecPublicKey and values the curves"
 * (RFC 7030 section 4.5.2); RSA is named by its algorithm OID, the minimum size being the
 * template's to enforce.
 *
 * <pre>CsrAttrs ::= SEQUENCE SIZE (0..MAX) OF AttrOrOID
 * AttrOrOID ::= CHOICE (oid OBJECT IDENTIFIER, attribute Attribute)</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030#section-4.5.2">RFC 7030 section 4.5.2</a>
 */
final class CsrAttrs {
  static final String CONTENT_TYPE = "application/csrattrs";

  /** The named curves this CA signs for, by field size. */
  private static final Map<Integer, ASN1ObjectIdentifier> CURVES =
      Map.of(
          256, SECObjectIdentifiers.secp256r1,
          384, SECObjectIdentifiers.secp384r1,
          521, SECObjectIdentifiers.secp521r1);

  private CsrAttrs() {}

  /** The DER of the attributes for a template's key rules; an empty sequence for none. */
  static byte[] of(List<KeyRule> allowedKeys) {
    ASN1EncodableVector attributes = new ASN1EncodableVector();
    for (KeyRule rule : allowedKeys) {
      ASN1Encodable attribute = attribute(rule);
      if (attribute != null) {
        attributes.add(attribute);
      }
    }
    try {
      return new DERSequence(attributes).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ASN1Encodable attribute(KeyRule rule) {
    return switch (rule.algorithm().toUpperCase(Locale.ROOT)) {
      case "RSA" -> PKCSObjectIdentifiers.rsaEncryption;
      case "ED25519" -> EdECObjectIdentifiers.id_Ed25519;
      case "EC" -> {
        ASN1EncodableVector curves = new ASN1EncodableVector();
        CURVES.entrySet().stream()
            .filter(curve -> curve.getKey() >= rule.minBits())
            .sorted(Map.Entry.comparingByKey())
            .forEach(curve -> curves.add(curve.getValue()));
        yield curves.size() == 0
            ? null
            : new Attribute(X9ObjectIdentifiers.id_ecPublicKey, new DERSet(curves));
      }
      default -> null;
    };
  }
}
