package dev.pca.enrollment.acme;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * A JWS in the flattened JSON serialization, the one form ACME requests take: the protected header
 * and the payload as sent (base64url, which is what was signed) and decoded. "The JWS Unprotected
 * Header MUST NOT be used"; the general serialization (with {@code signatures}) is refused, and so
 * are critical extensions this server does not know.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-6.2">RFC 8555 section 6.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7515#section-7.2.2">RFC 7515 section 7.2.2</a>
 */
record Jws(
    String protectedPart, String payloadPart, byte[] payload, byte[] signature, JsonObject header) {
  static final String CONTENT_TYPE = "application/jose+json";

  static Jws parse(byte[] body) throws AcmeError {
    try (JsonReader reader = JsonFactories.READERS.createReader(new ByteArrayInputStream(body))) {
      return parse(reader.readObject());
    } catch (JsonException | IllegalStateException e) {
      throw AcmeError.malformed("The request body is not a JSON object.");
    }
  }

  /** A JWS that is a JSON object (inside a request too: EAB, key change). */
  static Jws parse(JsonObject json) throws AcmeError {
    if (json.containsKey("signatures")) {
      throw AcmeError.malformed("Send the JWS in the flattened JSON serialization.");
    }
    if (json.containsKey("header")) {
      throw AcmeError.malformed("The JWS Unprotected Header must not be used.");
    }
    String protectedPart = member(json, "protected");
    String payloadPart = member(json, "payload");
    byte[] signature = decode(member(json, "signature"), "signature");
    JsonObject header = object(decode(protectedPart, "protected header"), "protected header");
    if (header.containsKey("crit")) {
      throw AcmeError.malformed("The JWS names critical extensions this server does not support.");
    }
    byte[] payload = decode(payloadPart, "payload");
    return new Jws(protectedPart, payloadPart, payload, signature, header);
  }

  /** ASCII(BASE64URL(protected) || '.' || BASE64URL(payload)), what the signature covers. */
  byte[] signingInput() {
    return (protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII);
  }

  /** The header's string parameter, or null when absent. */
  String headerString(String name) throws AcmeError {
    JsonValue value = header.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonString string)) {
      throw AcmeError.malformed("The JWS header's '" + name + "' is not a string.");
    }
    return string.getString();
  }

  /** The header's {@code jwk}, or null when absent. */
  JsonObject jwk() throws AcmeError {
    JsonValue value = header.get("jwk");
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      throw AcmeError.malformed("The JWS header's 'jwk' is not an object.");
    }
    return object;
  }

  /** "POST-as-GET": the payload is the empty string (section 6.3). */
  boolean postAsGet() {
    return payloadPart.isEmpty();
  }

  /** The payload as a JSON object; malformed when it is none (or empty). */
  JsonObject payloadObject() throws AcmeError {
    if (postAsGet()) {
      throw AcmeError.malformed("This request needs a JSON object as its payload.");
    }
    return object(payload(), "payload");
  }

  private static JsonObject object(byte[] bytes, String what) throws AcmeError {
    try (JsonReader reader = JsonFactories.READERS.createReader(new StringReader(utf8(bytes)))) {
      return reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw AcmeError.malformed("The JWS " + what + " is not a JSON object.");
    }
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String member(JsonObject json, String name) throws AcmeError {
    JsonValue value = json.get(name);
    if (!(value instanceof JsonString string)) {
      throw AcmeError.malformed("The JWS has no '" + name + "' string.");
    }
    return string.getString();
  }

  private static byte[] decode(String text, String what) throws AcmeError {
    try {
      return Base64Url.decode(text);
    } catch (IllegalArgumentException e) {
      throw AcmeError.malformed("The JWS " + what + " is not base64url.");
    }
  }
}
