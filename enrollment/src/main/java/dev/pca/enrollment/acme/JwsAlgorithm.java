package dev.pca.enrollment.acme;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The JWS algorithms ACME accounts may sign with. "Servers MUST support ES256 and SHOULD support
 * EdDSA"; RS256 is what most clients use with RSA keys. ECDSA signatures are r || s of fixed size
 * (RFC 7518 section 3.4), which the JDK verifies as P1363. MAC algorithms and "none" are never an
 * account's.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-6.2">RFC 8555 section 6.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7518#section-3.1">RFC 7518 section 3.1</a>
 */
enum JwsAlgorithm {
  ES256("SHA256withECDSAinP1363Format", "EC", "P-256", 64),
  ES384("SHA384withECDSAinP1363Format", "EC", "P-384", 96),
  ES512("SHA512withECDSAinP1363Format", "EC", "P-521", 132),
  RS256("SHA256withRSA", "RSA", null, 0),
  PS256("RSASSA-PSS", "RSA", null, 0),
  EdDSA("Ed25519", "OKP", "Ed25519", 64);

  private final String jca;
  private final String keyType;
  private final String curve;
  private final int signatureLength;

  JwsAlgorithm(String jca, String keyType, String curve, int signatureLength) {
    this.jca = jca;
    this.keyType = keyType;
    this.curve = curve;
    this.signatureLength = signatureLength;
  }

  static Optional<JwsAlgorithm> named(String name) {
    return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
  }

  /** The names for badSignatureAlgorithm's {@code algorithms}. */
  static List<String> names() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }

  /** Whether a key of this JWK signs with this algorithm. */
  boolean fits(Jwk jwk) {
    return keyType.equals(jwk.keyType()) && (curve == null || curve.equals(jwk.curve()));
  }

  /** Whether {@code signature} is this algorithm's signature of {@code input} by {@code key}. */
  boolean verify(PublicKey key, byte[] input, byte[] signature) {
    if (signatureLength > 0 && signature.length != signatureLength) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(jca);
      if (this == PS256) {
        verifier.setParameter(
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      }
      verifier.initVerify(key);
      verifier.update(input);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
