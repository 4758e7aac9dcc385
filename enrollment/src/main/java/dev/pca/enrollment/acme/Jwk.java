package dev.pca.enrollment.acme;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A public JSON Web Key of an account (or of a certificate, for revocation): EC P-256/384/521, RSA
 * of 2048 to 8192 bits, or OKP Ed25519. {@code canonical} holds the key's required members in
 * lexicographic order without whitespace, which is both how the key is kept and what its RFC 7638
 * thumbprint hashes. Encodings must be the RFC's exact ones (fixed-size coordinates, no leading
 * zeros), so that one key has one thumbprint.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7517">RFC 7517</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7638#section-3">RFC 7638 section 3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8037#section-2">RFC 8037 section 2</a>
 */
record Jwk(String keyType, String curve, PublicKey key, String canonical, String thumbprint) {
  static final int MIN_RSA_BITS = 2048;
  static final int MAX_RSA_BITS = 8192;

  /** SubjectPublicKeyInfo of an Ed25519 key, up to the 32 bytes of the key (RFC 8410). */
  private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi");

  /** The key of a JWK text, as the core keeps an account's. */
  static Jwk parse(String json) throws AcmeError {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
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
    if (key instanceof ECPublicKey mine && other instanceof ECPublicKey theirs) {
      return mine.getW().equals(theirs.getW())
          && mine.getParams().getOrder().equals(theirs.getParams().getOrder())
          && mine.getParams().getCurve().equals(theirs.getParams().getCurve());
    }
    if (key instanceof RSAPublicKey mine && other instanceof RSAPublicKey theirs) {
      return mine.getModulus().equals(theirs.getModulus())
          && mine.getPublicExponent().equals(theirs.getPublicExponent());
    }
    return key.getAlgorithm().equals(other.getAlgorithm())
        && Arrays.equals(key.getEncoded(), other.getEncoded());
  }

  private static Jwk ec(JsonObject json) throws AcmeError {
    String crv = member(json, "crv");
    int size;
    String name;
    switch (crv) {
      case "P-256" -> {
        size = 32;
        name = "secp256r1";
      }
      case "P-384" -> {
        size = 48;
        name = "secp384r1";
      }
      case "P-521" -> {
        size = 66;
        name = "secp521r1";
      }
      default ->
          throw AcmeError.badPublicKey(
              "Curve '" + crv + "' is not supported: use P-256, P-384 or P-521.");
    }
    String x = member(json, "x");
    String y = member(json, "y");
    BigInteger px = coordinate(x, size);
    BigInteger py = coordinate(y, size);
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(name));
      ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
      if (!onCurve(spec.getCurve(), px, py)) {
        throw AcmeError.badPublicKey("The EC key's point is not on curve " + crv + ".");
      }
      PublicKey key =
          KeyFactory.getInstance("EC")
              .generatePublic(new ECPublicKeySpec(new ECPoint(px, py), spec));
      return of(
          "EC",
          crv,
          key,
          "{\"crv\":\"" + crv + "\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}");
    } catch (GeneralSecurityException e) {
      throw AcmeError.badPublicKey("The EC key is not valid.");
    }
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
    try {
      PublicKey key =
          KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
      return of("RSA", null, key, "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}");
    } catch (GeneralSecurityException ex) {
      throw AcmeError.badPublicKey("The RSA key is not valid.");
    }
  }

  private static Jwk okp(JsonObject json) throws AcmeError {
    String crv = member(json, "crv");
    if (!crv.equals("Ed25519")) {
      throw AcmeError.badPublicKey("OKP curve '" + crv + "' is not supported: use Ed25519.");
    }
    String x = member(json, "x");
    byte[] bytes = decode(x, "x");
    if (bytes.length != 32) {
      throw AcmeError.badPublicKey("An Ed25519 key has 32 bytes.");
    }
    byte[] spki = Arrays.copyOf(ED25519_PREFIX, ED25519_PREFIX.length + 32);
    System.arraycopy(bytes, 0, spki, ED25519_PREFIX.length, 32);
    try {
      PublicKey key =
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      return of("OKP", crv, key, "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}");
    } catch (GeneralSecurityException e) {
      throw AcmeError.badPublicKey("The Ed25519 key is not valid.");
    }
  }

  private static Jwk of(String kty, String crv, PublicKey key, String canonical) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return new Jwk(kty, crv, key, canonical, Base64Url.encode(digest));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /** y^2 = x^3 + ax + b over the curve's prime field, with both coordinates in the field. */
  private static boolean onCurve(EllipticCurve curve, BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) curve.getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
    return left.equals(right);
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
