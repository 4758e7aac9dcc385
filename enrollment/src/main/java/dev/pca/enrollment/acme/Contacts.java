package dev.pca.enrollment.acme;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An account's contact URLs: mailto only, each one plain address. "If the server rejects a contact
 * URL for using an unsupported scheme, it MUST return an error of type unsupportedContact ... If
 * the server rejects a contact URL for using a supported scheme but an invalid value, then the
 * server MUST return an error of type invalidContact."
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3">RFC 8555 section 7.3</a>
 */
final class Contacts {
  static final int MAX = 10;

  private static final int MAX_LENGTH = 254;
  private static final Pattern ADDRESS =
      Pattern.compile(
          "[A-Za-z0-9!#$%&'*+/=^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))+");

  private Contacts() {}

  /** The contacts of a request's {@code contact} array; empty when it has none. */
  static List<String> parse(JsonValue contact) throws AcmeError {
    if (contact == null || contact == JsonValue.NULL) {
      return List.of();
    }
    if (!(contact instanceof JsonArray array)) {
      throw AcmeError.malformed("'contact' is an array of URLs.");
    }
    if (array.size() > MAX) {
      throw AcmeError.invalidContact("An account has at most " + MAX + " contacts.");
    }
    List<String> contacts = new ArrayList<>();
    for (JsonValue value : array) {
      if (!(value instanceof JsonString string)) {
        throw AcmeError.malformed("'contact' is an array of URLs.");
      }
      contacts.add(check(string.getString()));
    }
    return List.copyOf(contacts);
  }

  private static String check(String url) throws AcmeError {
    if (!url.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
      throw AcmeError.unsupportedContact("Only mailto: contacts are supported.");
    }
    String address = url.substring("mailto:".length());
    if (url.length() > MAX_LENGTH || !ADDRESS.matcher(address).matches()) {
      throw AcmeError.invalidContact(
          "A contact is one e-mail address, without parameters: mailto:someone@example.com.");
    }
    return "mailto:" + address;
  }
}
