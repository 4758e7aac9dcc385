package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A newOrder request's payload: the identifiers, the validity asked for, and the certificate the
 * order replaces (ARI). Bounded here; which identifiers and times are allowed is the core's word.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.4">RFC 8555 section 7.4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9773#section-5">RFC 9773 section 5</a>
 */
record NewOrder(
    List<Acme.Identifier> identifiers, Instant notBefore, Instant notAfter, String replaces) {
  static final int MAX_IDENTIFIERS = 100;

  private static final int MAX_VALUE = 255;
  private static final int MAX_REPLACES = 512;

  static NewOrder parse(JsonObject payload) throws AcmeError {
    if (!(payload.get("identifiers") instanceof JsonArray array) || array.isEmpty()) {
      throw AcmeError.malformed("An order names its identifiers in 'identifiers'.");
    }
    if (array.size() > MAX_IDENTIFIERS) {
      throw AcmeError.malformed("An order has at most " + MAX_IDENTIFIERS + " identifiers.");
    }
    List<Acme.Identifier> identifiers = new ArrayList<>();
    for (JsonValue value : array) {
      if (!(value instanceof JsonObject identifier)
          || !(identifier.get("type") instanceof JsonString type)
          || !(identifier.get("value") instanceof JsonString text)
          || text.getString().length() > MAX_VALUE) {
        throw AcmeError.malformed("An identifier is an object of a 'type' and a 'value'.");
      }
      identifiers.add(new Acme.Identifier(type.getString(), text.getString()));
    }
    String replaces = string(payload, "replaces");
    if (replaces != null && replaces.length() > MAX_REPLACES) {
      throw AcmeError.malformed("'replaces' is an ARI certificate identifier.");
    }
    return new NewOrder(
        List.copyOf(identifiers), time(payload, "notBefore"), time(payload, "notAfter"), replaces);
  }

  private static Instant time(JsonObject payload, String name) throws AcmeError {
    String text = string(payload, name);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw AcmeError.malformed("'" + name + "' is a date and time as RFC 3339 writes them.");
    }
  }

  private static String string(JsonObject payload, String name) throws AcmeError {
    JsonValue value = payload.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonString string)) {
      throw AcmeError.malformed("'" + name + "' is a string.");
    }
    return string.getString();
  }
}
