package dev.pca.crypto;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** The name of a key on the token (its CKA_ID), as stored in the {@code ca_key} table. */
public record KeyAlias(String value) {
  private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  public KeyAlias {
    Objects.requireNonNull(value, "alias");
    if (!SHAPE.matcher(value).matches()) {
      throw new IllegalArgumentException("a key alias is 1 to 64 of [a-z0-9-]: " + value);
    }
  }

  /** A fresh alias that no other key has: the prefix says what the key is for. */
  public static KeyAlias fresh(String prefix) {
    return new KeyAlias(prefix + "-" + UUID.randomUUID());
  }

  @Override
  public String toString() {
    return value;
  }
}
