package dev.pca.enrollment.acme;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;

/**
 * The JWS algorithms ACME accounts may sign with. "Servers MUST support ES256 and SHOULD support
 * EdDSA"; RS256 is what most clients use with RSA keys. ECDSA signatures are r || s of fixed size
 * (RFC 7518 section 3.4). MAC algorithms and "none" are never an account's.
 *
 * <p>Verified with Bouncy Castle's own code, without a JCA provider: every ACME request is one
 * verification, and the JDK's ECDSA is several times slower here. The checks are the JDK's: r and s
 * in [1, n-1], RSA signatures of exactly the modulus' length, PKCS#1 v1.5 with or without the NULL
 * digest parameters, PSS with SHA-256, MGF1 with SHA-256 and 32 bytes of salt.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-6.2">RFC 8555 section 6.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7518#section-3.1">RFC 7518 section 3.1</a>
 */
enum JwsAlgorithm {
  ES256("EC", "P-256", 64, SHA256Digest::newInstance),
  ES384("EC", "P-384", 96, SHA384Digest::new),
  ES512("EC", "P-521", 132, SHA512Digest::new),
  RS256("RSA", null, 0, SHA256Digest::newInstance),
  PS256("RSA", null, 0, SHA256Digest::newInstance),
  EdDSA("OKP", "Ed25519", 64, null);

  /** RFC 7518 section 3.5: "the size of the salt value is the same size as the hash output". */
  private static final int PSS_SALT = 32;

  private final String keyType;
  private final String curve;
  private final int signatureLength;
  private final Supplier<Digest> digest;

  JwsAlgorithm(String keyType, String curve, int signatureLength, Supplier<Digest> digest) {
    this.keyType = keyType;
    this.curve = curve;
    this.signatureLength = signatureLength;
    this.digest = digest;
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
  boolean verify(AsymmetricKeyParameter key, byte[] input, byte[] signature) {
    if (signatureLength > 0 && signature.length != signatureLength) {
      return false;
    }
    try {
      return switch (this) {
        case ES256, ES384, ES512 -> ecdsa((ECPublicKeyParameters) key, input, signature);
        case RS256 ->
            rsa(new RSADigestSigner(digest.get()), (RSAKeyParameters) key, input, signature);
        case PS256 ->
            rsa(
                new PSSSigner(new RSAEngine(), digest.get(), PSS_SALT),
                (RSAKeyParameters) key,
                input,
                signature);
        case EdDSA -> verify(new Ed25519Signer(), key, input, signature);
      };
    } catch (RuntimeException e) {
      // A key of another type, or a signature the engine cannot even read: it does not verify.
      return false;
    }
  }

  private boolean ecdsa(ECPublicKeyParameters key, byte[] input, byte[] signature) {
    int half = signature.length / 2;
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, half));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, half, signature.length));
    BigInteger n = key.getParameters().getN();
    if (r.signum() <= 0 || r.compareTo(n) >= 0 || s.signum() <= 0 || s.compareTo(n) >= 0) {
      return false;
    }
    Digest hash = digest.get();
    hash.update(input, 0, input.length);
    byte[] e = new byte[hash.getDigestSize()];
    hash.doFinal(e, 0);
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, key);
    return signer.verifySignature(e, r, s);
  }

  /** RFC 8017 section 8.2.2 step 1: "If the length of the signature S is not k octets", invalid. */
  private static boolean rsa(Signer signer, RSAKeyParameters key, byte[] input, byte[] signature) {
    if (signature.length != (key.getModulus().bitLength() + 7) / 8) {
      return false;
    }
    return verify(signer, key, input, signature);
  }

  private static boolean verify(
      Signer signer, AsymmetricKeyParameter key, byte[] input, byte[] signature) {
    signer.init(false, key);
    signer.update(input, 0, input.length);
    return signer.verifySignature(signature);
  }
}
