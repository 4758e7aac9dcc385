package dev.pca.domain.policy;

import java.util.Objects;

/**
 * One relative distinguished name attribute, by its short name as in RFC 4514: CN, O, OU, C, ST, L,
 * E (emailAddress), SERIALNUMBER, DC, etc. Names compare case-insensitively, as RFC 4514 says
 * attribute type names do.
 */
public record SubjectField(String name, String value) {
  public SubjectField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
