package dev.pca.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyAliasTest {
  @Test
  void fresh_isUniqueAndKeepsItsPrefix() {
    KeyAlias one = KeyAlias.fresh("root");
    assertThat(one.value()).startsWith("root-");
    assertThat(one).isNotEqualTo(KeyAlias.fresh("root"));
  }

  @Test
  void constructor_refusesWhatATokenLabelShouldNotHold() {
    assertThatThrownBy(() -> new KeyAlias("Root CA")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyAlias("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyAlias("a".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
