package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.application.Acme;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class ExternalAccountBindingTest {
  private static final String NEW_ACCOUNT = "https://ca.test/acme/web/new-account";
  private final KeyPair keys = TestJws.p256();
  private final Jwk jwk = jwk(keys);

  @Test
  void check_wellFormedBinding_givesTheCoreWhatItMacs() throws Exception {
    JsonObject eab = TestJws.mac(FakeAcme.HMAC_KEY, header().build(), jwk.canonical());

    Acme.Binding binding = ExternalAccountBinding.check(eab, jwk, NEW_ACCOUNT);

    assertThat(binding.keyId()).isEqualTo(FakeAcme.KEY_ID);
    assertThat(binding.algorithm()).isEqualTo("HS256");
    assertThat(new String(binding.signingInput(), StandardCharsets.US_ASCII))
        .isEqualTo(eab.getString("protected") + "." + eab.getString("payload"));
    assertThat(binding.mac()).isEqualTo(Base64Url.decode(eab.getString("signature")));
  }

  @Test
  void check_payloadWithTheKeyInAnyMemberOrder_passes() throws Exception {
    JsonObject eab =
        TestJws.mac(FakeAcme.HMAC_KEY, header().build(), TestJws.jwk(keys.getPublic()).toString());

    assertThat(ExternalAccountBinding.check(eab, jwk, NEW_ACCOUNT).keyId())
        .isEqualTo(FakeAcme.KEY_ID);
  }

  @Test
  void check_anotherKeyInThePayload_isMalformed() {
    JsonObject eab =
        TestJws.mac(FakeAcme.HMAC_KEY, header().build(), jwk(TestJws.p256()).canonical());

    assertThatThrownBy(() -> ExternalAccountBinding.check(eab, jwk, NEW_ACCOUNT))
        .hasMessageContaining("another key");
  }

  @Test
  void check_otherUrl_isMalformed() {
    JsonObject eab =
        TestJws.mac(
            FakeAcme.HMAC_KEY,
            header().add("url", "https://ca.test/acme/web/new-order").build(),
            jwk.canonical());

    assertThatThrownBy(() -> ExternalAccountBinding.check(eab, jwk, NEW_ACCOUNT))
        .hasMessageContaining("'url'");
  }

  @Test
  void check_nonMacAlgorithmNonceOrNoKid_isMalformed() {
    JsonObject rs256 =
        TestJws.mac(FakeAcme.HMAC_KEY, header().build(), jwk.canonical()); // MAC, then relabel
    JsonObject relabelled =
        Json.createObjectBuilder(rs256)
            .add(
                "protected",
                Base64Url.encode(
                    header()
                        .add("alg", "RS256")
                        .build()
                        .toString()
                        .getBytes(StandardCharsets.UTF_8)))
            .build();
    JsonObject nonce =
        TestJws.mac(FakeAcme.HMAC_KEY, header().add("nonce", "x").build(), jwk.canonical());
    JsonObject noKid =
        TestJws.mac(FakeAcme.HMAC_KEY, header().remove("kid").build(), jwk.canonical());

    assertThatThrownBy(() -> ExternalAccountBinding.check(relabelled, jwk, NEW_ACCOUNT))
        .hasMessageContaining("HS256");
    assertThatThrownBy(() -> ExternalAccountBinding.check(nonce, jwk, NEW_ACCOUNT))
        .hasMessageContaining("nonce");
    assertThatThrownBy(() -> ExternalAccountBinding.check(noKid, jwk, NEW_ACCOUNT))
        .hasMessageContaining("key id");
  }

  private static JsonObjectBuilder header() {
    return Json.createObjectBuilder()
        .add("alg", "HS256")
        .add("kid", FakeAcme.KEY_ID)
        .add("url", NEW_ACCOUNT);
  }

  private static Jwk jwk(KeyPair keys) {
    try {
      return Jwk.parse(TestJws.jwk(keys.getPublic()));
    } catch (AcmeError e) {
      throw new IllegalStateException(e);
    }
  }
}
