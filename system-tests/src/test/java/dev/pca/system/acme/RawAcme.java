package dev.pca.system.acme;

import dev.pca.system.Stack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An ACME client of a few lines that sends whatever a test tells it to, for the refusals acme4j
 * would never provoke (no binding, a wrong MAC, a spent nonce, a body that is no JWS): flattened
 * JWS (RFC 7515) signed ES256 with a P-256 key, the key as a JWK or the account URL as kid.
 */
final class RawAcme {
  static final String JOSE = "application/jose+json";
  static final String PROBLEM = "application/problem+json";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  final JsonObject directory;
  private String lastNonce;

  /** An answer: status, Replay-Nonce, Location, Content-Type, Retry-After and the body as text. */
  record Answer(
      int status,
      String nonce,
      String location,
      String contentType,
      String retryAfter,
      String body) {
    JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        return reader.readObject();
      }
    }

    @Override
    public String toString() {
      return status + " " + contentType + " nonce=" + nonce + " location=" + location + "\n" + body;
    }
  }

  RawAcme(String directoryUrl) {
    HttpResponse<String> answer =
        Stack.send(
            HttpRequest.newBuilder(URI.create(directoryUrl))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(directoryUrl + " answered " + answer.statusCode());
    }
    try (JsonReader reader = Json.createReader(new StringReader(answer.body()))) {
      directory = reader.readObject();
    }
  }

  String url(String resource) {
    return directory.getString(resource);
  }

  /** A fresh nonce from newNonce (HEAD). */
  String nonce() {
    HttpResponse<Void> answer =
        Stack.send(
            HttpRequest.newBuilder(URI.create(url("newNonce")))
                .timeout(Duration.ofSeconds(30))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    return answer
        .headers()
        .firstValue("Replay-Nonce")
        .orElseThrow(() -> new IllegalStateException("newNonce gave no Replay-Nonce"));
  }

  /**
   * A JWS POST with the last nonce the server gave (a fresh one the first time), remembering the
   * answer's; {@code kid} null sends the key as jwk, {@code payload} null is POST-as-GET.
   */
  Answer post(KeyPair key, String kid, String url, JsonObject payload) {
    String nonce = lastNonce == null ? nonce() : lastNonce;
    Answer answer = postRaw(url, jws(key, kid, nonce, url, payload));
    lastNonce = answer.nonce();
    return answer;
  }

  /** A new account of {@code key} bound with the token; its URL (the kid of later requests). */
  String newAccount(KeyPair key, AcmeFixture.Token token) {
    String url = url("newAccount");
    Answer answer =
        post(
            key,
            null,
            url,
            Json.createObjectBuilder()
                .add("termsOfServiceAgreed", true)
                .add("externalAccountBinding", binding(token.keyId(), token.hmacKey(), key, url))
                .build());
    if (answer.status() != 201 || answer.location() == null) {
      throw new AssertionError("newAccount with a good binding: " + answer);
    }
    return answer.location();
  }

  /** POSTs {@code body} as it is, with the JOSE content type. */
  Answer postRaw(String url, String body) {
    HttpResponse<String> answer =
        Stack.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", JOSE)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(
        answer.statusCode(),
        answer.headers().firstValue("Replay-Nonce").orElse(null),
        answer.headers().firstValue("Location").orElse(null),
        answer.headers().firstValue("Content-Type").orElse(""),
        answer.headers().firstValue("Retry-After").orElse(null),
        answer.body());
  }

  /**
   * A JWS signed by {@code key} for {@code url}: with {@code kid} null the key goes as {@code jwk};
   * {@code payload} null is POST-as-GET's empty payload.
   */
  static String jws(KeyPair key, String kid, String nonce, String url, JsonObject payload) {
    JsonObjectBuilder header = Json.createObjectBuilder().add("alg", "ES256");
    if (kid == null) {
      header.add("jwk", jwk(key));
    } else {
      header.add("kid", kid);
    }
    header.add("nonce", nonce).add("url", url);
    String protectedPart = encode(header.build().toString());
    String payloadPart = payload == null ? "" : encode(payload.toString());
    byte[] signature = es256(key, protectedPart + "." + payloadPart);
    return flattened(protectedPart, payloadPart, B64.encodeToString(signature));
  }

  /**
   * The externalAccountBinding object of RFC 8555 section 7.3.4: the account key as payload, MAC'd
   * HS256 with {@code hmacKey} (base64url) under key id {@code keyId}.
   */
  static JsonObject binding(
      String keyId, String hmacKey, KeyPair accountKey, String newAccountUrl) {
    String protectedPart =
        encode(
            Json.createObjectBuilder()
                .add("alg", "HS256")
                .add("kid", keyId)
                .add("url", newAccountUrl)
                .build()
                .toString());
    String payloadPart = encode(jwk(accountKey).toString());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getUrlDecoder().decode(hmacKey), "HmacSHA256"));
      byte[] tag =
          mac.doFinal((protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII));
      return Json.createObjectBuilder()
          .add("protected", protectedPart)
          .add("payload", payloadPart)
          .add("signature", B64.encodeToString(tag))
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK of a P-256 key, members in RFC 7638's order. */
  static JsonObject jwk(KeyPair key) {
    ECPublicKey publicKey = (ECPublicKey) key.getPublic();
    return Json.createObjectBuilder()
        .add("crv", "P-256")
        .add("kty", "EC")
        .add("x", B64.encodeToString(unsigned(publicKey.getW().getAffineX())))
        .add("y", B64.encodeToString(unsigned(publicKey.getW().getAffineY())))
        .build();
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length == 32) {
      return bytes;
    }
    byte[] fixed = new byte[32];
    if (bytes.length > 32) {
      System.arraycopy(bytes, bytes.length - 32, fixed, 0, 32);
    } else {
      System.arraycopy(bytes, 0, fixed, 32 - bytes.length, bytes.length);
    }
    return fixed;
  }

  private static byte[] es256(KeyPair key, String signingInput) {
    try {
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(key.getPrivate());
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String flattened(String protectedPart, String payloadPart, String signature) {
    return Json.createObjectBuilder()
        .add("protected", protectedPart)
        .add("payload", payloadPart)
        .add("signature", signature)
        .build()
        .toString();
  }

  static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A random HMAC key of 256 bits, base64url, that no token has. */
  static String randomHmacKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return B64.encodeToString(key);
  }
}
