package dev.pca.enrollment.acme;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keys, JWKs and flattened JWS made the way ACME clients make them, for the tests. */
final class TestJws {
  private TestJws() {}

  static KeyPair ec(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair p256() {
    return ec("secp256r1");
  }

  static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK of a key (RFC 7518 section 6, RFC 8037 section 2). */
  static JsonObject jwk(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
      String crv =
          switch (size) {
            case 32 -> "P-256";
            case 48 -> "P-384";
            default -> "P-521";
          };
      return Json.createObjectBuilder()
          .add("kty", "EC")
          .add("crv", crv)
          .add("x", fixed(ec.getW().getAffineX(), size))
          .add("y", fixed(ec.getW().getAffineY(), size))
          .build();
    }
    if (key instanceof RSAPublicKey rsa) {
      return Json.createObjectBuilder()
          .add("kty", "RSA")
          .add("n", unsigned(rsa.getModulus()))
          .add("e", unsigned(rsa.getPublicExponent()))
          .build();
    }
    byte[] encoded = key.getEncoded();
    return Json.createObjectBuilder()
        .add("kty", "OKP")
        .add("crv", "Ed25519")
        .add(
            "x", Base64Url.encode(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length)))
        .build();
  }

  static String alg(KeyPair keys) {
    return switch (keys.getPublic().getAlgorithm()) {
      case "EC" -> "ES256";
      case "RSA" -> "RS256";
      default -> "EdDSA";
    };
  }

  /** A protected header: alg, nonce, url and either the key's jwk or a kid. */
  static JsonObjectBuilder header(KeyPair keys, String kid, String nonce, String url) {
    JsonObjectBuilder header = Json.createObjectBuilder().add("alg", alg(keys));
    if (kid == null) {
      header.add("jwk", jwk(keys.getPublic()));
    } else {
      header.add("kid", kid);
    }
    if (nonce != null) {
      header.add("nonce", nonce);
    }
    if (url != null) {
      header.add("url", url);
    }
    return header;
  }

  /** A flattened JWS of this header and payload text ("" for POST-as-GET), signed by the key. */
  static JsonObject sign(KeyPair keys, JsonObject header, String payload) {
    String protectedPart = Base64Url.encode(header.toString().getBytes(StandardCharsets.UTF_8));
    String payloadPart = Base64Url.encode(payload.getBytes(StandardCharsets.UTF_8));
    byte[] input = (protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII);
    return Json.createObjectBuilder()
        .add("protected", protectedPart)
        .add("payload", payloadPart)
        .add(
            "signature",
            Base64Url.encode(signature(keys.getPrivate(), header.getString("alg"), input)))
        .build();
  }

  /** A flattened JWS MACed with an HMAC key, as external account binding has it. */
  static JsonObject mac(byte[] key, JsonObject header, String payload) {
    try {
      String protectedPart = Base64Url.encode(header.toString().getBytes(StandardCharsets.UTF_8));
      String payloadPart = Base64Url.encode(payload.getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA" + header.getString("alg").substring(2));
      mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
      byte[] tag =
          mac.doFinal((protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII));
      return Json.createObjectBuilder()
          .add("protected", protectedPart)
          .add("payload", payloadPart)
          .add("signature", Base64Url.encode(tag))
          .build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] signature(PrivateKey key, String alg, byte[] input) {
    try {
      Signature signer =
          Signature.getInstance(
              switch (alg) {
                case "ES256" -> "SHA256withECDSAinP1363Format";
                case "ES384" -> "SHA384withECDSAinP1363Format";
                case "ES512" -> "SHA512withECDSAinP1363Format";
                case "RS256" -> "SHA256withRSA";
                default -> "Ed25519";
              });
      signer.initSign(key);
      signer.update(input);
      return signer.sign();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(JsonObject json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String fixed(BigInteger value, int size) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(bytes.length, size);
    System.arraycopy(bytes, bytes.length - copy, out, size - copy, copy);
    return Base64Url.encode(out);
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64Url.encode(bytes);
  }
}
