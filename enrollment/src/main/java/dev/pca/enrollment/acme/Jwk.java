package dev.pca.enrollment.acme;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A public JSON Web Key of an account (or of a certificate, for revocation): EC P-256/384/521, RSA
 * of 2048 to 8192 bits, or OKP Ed25519. {@code canonical} holds the key's required members in
 * lexicographic order without whitespace, which is both how the key is kept and what its RFC 7638
 * thumbprint hashes. Encodings must be the RFC's exact ones (fixed-size coordinates, no leading
 * zeros), so that one key has one thumbprint. The key is held as Bouncy Castle's, which {@link
 * JwsAlgorithm} verifies with directly.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7517">RFC 7517</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7638#section-3">RFC 7638 section 3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8037#section-2">RFC 8037 section 2</a>
 */
record Jwk(
    String keyType, String curve, AsymmetricKeyParameter key, String canonical, String thumbprint) {
  static final int MIN_RSA_BITS = 2048;
  static final int MAX_RSA_BITS = 8192;

  /**
   * At most this many account keys are kept parsed; past it, the cache starts afresh. A P-256 key
   * holds about 3 kB once verified with (Bouncy Castle keeps its multiples for the next time, which
   * halves the time of a verification): some 13 MB when full of them.
   */
  static final int CACHE_SIZE = 4096;

  private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi");

  /**
   * Account keys by the JWK text the core keeps: every request by {@code kid} brings the same text
   * back, so it is parsed once. A new key is new text, so no entry goes stale.
   */
  private static final Map<String, Jwk> ACCOUNT_KEYS = new ConcurrentHashMap<>();

  /** The key of an account, as the core keeps its JWK text; parsed once per key. */
  static Jwk ofAccount(String json) throws AcmeError {
    Jwk jwk = ACCOUNT_KEYS.get(json);
    if (jwk == null) {
      jwk = parse(json);
      if (ACCOUNT_KEYS.size() >= CACHE_SIZE) {
        ACCOUNT_KEYS.clear();
      }
      ACCOUNT_KEYS.put(json, jwk);
    }
    return jwk;
  }

  static int cachedAccountKeys() {
    return ACCOUNT_KEYS.size();
  }

  /** The key of a JWK text. */
  static Jwk parse(String json) throws AcmeError {
    try (JsonReader reader = JsonFactories.READERS.createReader(new StringReader(json))) {
      return parse(reader.readObject());
    } catch (JsonException | IllegalStateException e) {
      throw AcmeError.malformed("The JWK is not a JSON object.");
    }
  }

  static Jwk parse(JsonObject json) throws AcmeError {
    String kty = member(json, "kty");
    for (String member : PRIVATE_MEMBERS) {
      if (json.containsKey(member)) {
        throw AcmeError.badPublicKey("The JWK holds private key material; send the public key.");
      }
    }
    return switch (kty) {
      case "EC" -> ec(json);
      case "RSA" -> rsa(json);
      case "OKP" -> okp(json);
      default ->
          throw AcmeError.badPublicKey(
              "Key type '" + kty + "' is not supported: use EC, RSA or OKP (Ed25519).");
    };
  }

  /** Whether {@code other} is this very key (a certificate's subject key, say). */
  boolean sameKey(PublicKey other) {
    AsymmetricKeyParameter theirs;
    try {
      theirs = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(other.getEncoded()));
    } catch (IOException | RuntimeException e) {
      return false;
    }
    if (key instanceof ECPublicKeyParameters mine && theirs instanceof ECPublicKeyParameters t) {
      ECPoint a = mine.getQ().normalize();
      ECPoint b = t.getQ().normalize();
      return a.getAffineXCoord().toBigInteger().equals(b.getAffineXCoord().toBigInteger())
          && a.getAffineYCoord().toBigInteger().equals(b.getAffineYCoord().toBigInteger())
          && mine.getParameters().getN().equals(t.getParameters().getN())
          && mine.getParameters().getCurve().equals(t.getParameters().getCurve());
    }
    if (key instanceof RSAKeyParameters mine && theirs instanceof RSAKeyParameters t) {
      return mine.getModulus().equals(t.getModulus()) && mine.getExponent().equals(t.getExponent());
    }
    if (key instanceof Ed25519PublicKeyParameters mine
        && theirs instanceof Ed25519PublicKeyParameters t) {
      return Arrays.equals(mine.getEncoded(), t.getEncoded());
    }
    return false;
  }

  private static Jwk ec(JsonObject json) throws AcmeError {
    String crv = member(json, "crv");
    int size;
    ASN1ObjectIdentifier oid;
    switch (crv) {
      case "P-256" -> {
        size = 32;
        oid = SECObjectIdentifiers.secp256r1;
      }
      case "P-384" -> {
        size = 48;
        oid = SECObjectIdentifiers.secp384r1;
      }
      case "P-521" -> {
        size = 66;
        oid = SECObjectIdentifiers.secp521r1;
      }
      default ->
          throw AcmeError.badPublicKey(
              "Curve '" + crv + "' is not supported: use P-256, P-384 or P-521.");
    }
    String x = member(json, "x");
    String y = member(json, "y");
    BigInteger px = coordinate(x, size);
    BigInteger py = coordinate(y, size);
    // Bouncy Castle's own arithmetic of these curves, much faster than the generic one.
    X9ECParameters curve = CustomNamedCurves.getByOID(oid);
    ECCurve field = curve.getCurve();
    ECPublicKeyParameters key;
    try {
      // Both coordinates in the field, y^2 = x^3 + ax + b, of the curve's prime order group.
      if (!field.isValidFieldElement(px) || !field.isValidFieldElement(py)) {
        throw new IllegalArgumentException("coordinate out of the field");
      }
      key =
          new ECPublicKeyParameters(
              field.validatePoint(px, py), new ECNamedDomainParameters(oid, curve));
    } catch (IllegalArgumentException e) {
      throw AcmeError.badPublicKey("The EC key's point is not on curve " + crv + ".");
    }
    return of(
        "EC",
        crv,
        key,
        "{\"crv\":\"" + crv + "\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}");
  }

  private static Jwk rsa(JsonObject json) throws AcmeError {
    String n = member(json, "n");
    String e = member(json, "e");
    BigInteger modulus = unsigned(n, "n");
    BigInteger exponent = unsigned(e, "e");
    if (modulus.bitLength() < MIN_RSA_BITS || modulus.bitLength() > MAX_RSA_BITS) {
      throw AcmeError.badPublicKey(
          "RSA keys of "
              + MIN_RSA_BITS
              + " to "
              + MAX_RSA_BITS
              + " bits are accepted, not "
              + modulus.bitLength()
              + ".");
    }
    if (!exponent.testBit(0) || exponent.bitLength() < 2 || exponent.bitLength() > 32) {
      throw AcmeError.badPublicKey("The RSA public exponent is not acceptable.");
    }
    RSAKeyParameters key;
    try {
      // Refuses an even modulus, or one with a small factor.
      key = new RSAKeyParameters(false, modulus, exponent);
    } catch (IllegalArgumentException ex) {
      throw AcmeError.badPublicKey("The RSA key is not valid.");
    }
    return of("RSA", null, key, "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}");
  }

  private static Jwk okp(JsonObject json) throws AcmeError {
    String crv = member(json, "crv");
    if (!crv.equals("Ed25519")) {
      throw AcmeError.badPublicKey("OKP curve '" + crv + "' is not supported: use Ed25519.");
    }
    String x = member(json, "x");
    byte[] bytes = decode(x, "x");
    if (bytes.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw AcmeError.badPublicKey("An Ed25519 key has 32 bytes.");
    }
    Ed25519PublicKeyParameters key;
    try {
      key = new Ed25519PublicKeyParameters(bytes);
    } catch (IllegalArgumentException e) {
      throw AcmeError.badPublicKey("The Ed25519 key is not valid.");
    }
    return of("OKP", crv, key, "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}");
  }

  private static Jwk of(String kty, String crv, AsymmetricKeyParameter key, String canonical) {
    byte[] text = canonical.getBytes(StandardCharsets.UTF_8);
    Digest sha256 = SHA256Digest.newInstance();
    sha256.update(text, 0, text.length);
    byte[] digest = new byte[sha256.getDigestSize()];
    sha256.doFinal(digest, 0);
    return new Jwk(kty, crv, key, canonical, Base64Url.encode(digest));
  }

  /** An EC coordinate: "the full size of a coordinate for the curve", no more, no less. */
  private static BigInteger coordinate(String text, int size) throws AcmeError {
    byte[] bytes = decode(text, "coordinate");
    if (bytes.length != size) {
      throw AcmeError.badPublicKey("An EC coordinate of this curve has " + size + " bytes.");
    }
    return new BigInteger(1, bytes);
  }

  /** "The octet sequence MUST utilize the minimum number of octets to represent the value." */
  private static BigInteger unsigned(String text, String name) throws AcmeError {
    byte[] bytes = decode(text, name);
    if (bytes.length == 0 || bytes[0] == 0) {
      throw AcmeError.badPublicKey("The RSA '" + name + "' must be of the minimum octets.");
    }
    return new BigInteger(1, bytes);
  }

  private static byte[] decode(String text, String name) throws AcmeError {
    try {
      return Base64Url.decode(text);
    } catch (IllegalArgumentException e) {
      throw AcmeError.malformed("The JWK's '" + name + "' is not base64url.");
    }
  }

  private static String member(JsonObject json, String name) throws AcmeError {
    JsonValue value = json.get(name);
    if (!(value instanceof JsonString string)) {
      throw AcmeError.malformed("The JWK has no '" + name + "' string.");
    }
    return string.getString();
  }
}
