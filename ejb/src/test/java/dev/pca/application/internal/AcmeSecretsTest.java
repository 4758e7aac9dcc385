package dev.pca.application.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AcmeSecretsTest {
  /** RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?". */
  private static final byte[] KEY = "Jefe".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] DATA =
      "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] SHA256 =
      HexFormat.of().parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

  private static final byte[] SHA512 =
      HexFormat.of()
          .parseHex(
              "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                  + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");

  @Test
  void macVerifies_rfc4231Vectors_verify() {
    assertThat(AcmeSecrets.macVerifies(KEY, "HS256", DATA, SHA256)).isTrue();
    assertThat(AcmeSecrets.macVerifies(KEY, "HS512", DATA, SHA512)).isTrue();
  }

  @Test
  void macVerifies_otherAlgorithmOrChangedMac_fails() {
    assertThat(AcmeSecrets.macVerifies(KEY, "HS384", DATA, SHA256)).isFalse();
    byte[] changed = SHA256.clone();
    changed[31] ^= 1;
    assertThat(AcmeSecrets.macVerifies(KEY, "HS256", DATA, changed)).isFalse();
    assertThat(AcmeSecrets.macVerifies(KEY, "HS256", DATA, new byte[0])).isFalse();
    assertThat(AcmeSecrets.macVerifies(KEY, "HS256", DATA, null)).isFalse();
  }

  @Test
  void macVerifies_notAnHmacAlgorithm_isRefused() {
    assertThat(AcmeSecrets.macAlgorithm("RS256")).isNull();
    assertThat(AcmeSecrets.macAlgorithm("none")).isNull();
    assertThat(AcmeSecrets.macAlgorithm(null)).isNull();
    assertThatThrownBy(() -> AcmeSecrets.macVerifies(KEY, "none", DATA, SHA256))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** 20,000 draws: without the rule, one in 64 would start with '-', so some surely would. */
  @Test
  void keyIdsAndHmacKeys_neverStartWithADash_soCommandLinesTakeThem() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(AcmeSecrets.newKeyId()).doesNotStartWith("-");
      assertThat(AcmeSecrets.base64url(AcmeSecrets.newHmacKey())).doesNotStartWith("-");
    }
  }

  @Test
  void randomValues_haveTheirSizeAndAlphabet() {
    assertThat(AcmeSecrets.newKeyId()).matches("[A-Za-z0-9_-]{22}");
    assertThat(AcmeSecrets.newHmacKey()).hasSize(32);
    assertThat(AcmeSecrets.newChallengeToken()).matches("[A-Za-z0-9_-]{43}");
    assertThat(AcmeSecrets.newChallengeToken()).isNotEqualTo(AcmeSecrets.newChallengeToken());
  }
}
