package dev.pca.domain.policy;

import java.util.Locale;
import java.util.Set;

/**
 * The subject attribute short names this CA knows. "SN" is left out on purpose: RFC 4519 makes it
 * surname, while some tools read it as serialNumber; use SURNAME or SERIALNUMBER.
 */
final class SubjectNames {
  static final String CN = "CN";

  static final Set<String> KNOWN =
      Set.of(
          "CN",
          "O",
          "OU",
          "C",
          "ST",
          "L",
          "STREET",
          "E",
          "SERIALNUMBER",
          "DC",
          "UID",
          "T",
          "GIVENNAME",
          "SURNAME",
          "INITIALS",
          "PSEUDONYM",
          "POSTALCODE");

  private SubjectNames() {}

  /** RFC 4514 3: attribute type short names are case-insensitive. */
  static String canonical(String name) {
    return name.toUpperCase(Locale.ROOT);
  }

  static boolean isKnown(String name) {
    return KNOWN.contains(canonical(name));
  }
}
