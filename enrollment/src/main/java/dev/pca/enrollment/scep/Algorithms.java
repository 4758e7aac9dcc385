package dev.pca.enrollment.scep;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;

/**
 * What one profile offers and accepts: AES and SHA-256/SHA-512 always; triple DES, single DES and
 * SHA-1 only where the profile allows the legacy algorithms. GetCACaps says exactly this, and a
 * request with anything else is answered badAlg.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-3.5.2">RFC 8894 section 3.5.2</a>
 */
public record Algorithms(boolean legacy) {
  private static final Set<ASN1ObjectIdentifier> DIGESTS =
      Set.of(NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha512);

  /** The GetCACaps keywords, one a line. */
  public List<String> capabilities() {
    List<String> capabilities =
        new ArrayList<>(
            List.of("POSTPKIOperation", "SHA-256", "SHA-512", "AES", "SCEPStandard", "Renewal"));
    if (legacy) {
      capabilities.addAll(List.of("DES3", "SHA-1"));
    }
    return capabilities;
  }

  public boolean acceptsDigest(ASN1ObjectIdentifier digest) {
    return DIGESTS.contains(digest) || (legacy && digest.equals(OIWObjectIdentifiers.idSHA1));
  }

  public boolean acceptsCipher(ContentCipher cipher) {
    return legacy || !cipher.legacy();
  }
}
