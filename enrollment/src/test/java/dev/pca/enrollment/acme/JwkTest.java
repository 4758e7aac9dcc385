package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyPair;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JwkTest {
  /** RFC 7638 section 3.1's example key and thumbprint. */
  @Test
  void thumbprint_rfc7638Example_matches() throws Exception {
    Jwk jwk =
        Jwk.parse(
            "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAt"
                + "VT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBX"
                + "Arwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZH"
                + "zu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ"
                + "-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\",\"alg\":\"RS256\","
                + "\"kid\":\"2011-04-29\"}");

    assertThat(jwk.thumbprint()).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    assertThat(jwk.canonical()).startsWith("{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":\"0vx7");
  }

  @Test
  void ofAccount_sameText_isParsedOnce() throws Exception {
    String text = Jwk.parse(TestJws.jwk(TestJws.p256().getPublic())).canonical();

    assertThat(Jwk.ofAccount(new String(text))).isSameAs(Jwk.ofAccount(new String(text)));
  }

  @Test
  void ofAccount_moreKeysThanTheBound_keepsAtMostTheBound() throws Exception {
    String n = TestJws.jwk(TestJws.rsa(2048).getPublic()).getString("n");
    for (int e = 3; e < 3 + 2 * (Jwk.CACHE_SIZE + 10); e += 2) {
      byte[] exponent = BigInteger.valueOf(e).toByteArray();
      if (exponent[0] == 0) {
        exponent = Arrays.copyOfRange(exponent, 1, exponent.length);
      }
      String text =
          "{\"e\":\"" + Base64Url.encode(exponent) + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}";
      Jwk.ofAccount(text);
      assertThat(Jwk.cachedAccountKeys()).isLessThanOrEqualTo(Jwk.CACHE_SIZE);
    }
  }

  @Test
  void parse_ed25519NotAPoint_isBadPublicKey() {
    // y = 2 has no x on edwards25519.
    byte[] y = new byte[32];
    y[0] = 2;
    String jwk = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + Base64Url.encode(y) + "\"}";

    assertThatThrownBy(() -> Jwk.parse(jwk))
        .isInstanceOfSatisfying(
            AcmeError.class, e -> assertThat(e.type()).isEqualTo(AcmeError.URN + "badPublicKey"));
  }

  @Test
  void parse_ecP256_keepsCanonicalMembersInOrder() throws Exception {
    KeyPair keys = TestJws.p256();

    Jwk jwk = Jwk.parse(TestJws.jwk(keys.getPublic()));

    assertThat(jwk.canonical()).startsWith("{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":");
    assertThat(jwk.sameKey(keys.getPublic())).isTrue();
    assertThat(jwk.sameKey(TestJws.p256().getPublic())).isFalse();
    assertThat(Jwk.parse(jwk.canonical()).thumbprint()).isEqualTo(jwk.thumbprint());
  }

  @Test
  void parse_p384AndP521AndEd25519_work() throws Exception {
    for (KeyPair keys :
        new KeyPair[] {TestJws.ec("secp384r1"), TestJws.ec("secp521r1"), TestJws.ed25519()}) {
      Jwk jwk = Jwk.parse(TestJws.jwk(keys.getPublic()));
      assertThat(jwk.sameKey(keys.getPublic())).isTrue();
    }
  }

  @Test
  void parse_smallRsa_isBadPublicKey() {
    JsonObject small = TestJws.jwk(TestJws.rsa(1024).getPublic());

    assertThatThrownBy(() -> Jwk.parse(small))
        .isInstanceOf(AcmeError.class)
        .extracting(e -> ((AcmeError) e).type())
        .isEqualTo(AcmeError.URN + "badPublicKey");
  }

  @Test
  void parse_pointOffTheCurve_isBadPublicKey() {
    JsonObject jwk = TestJws.jwk(TestJws.p256().getPublic());
    JsonObject moved = Json.createObjectBuilder(jwk).add("y", jwk.getString("x")).build();

    assertThatThrownBy(() -> Jwk.parse(moved)).hasMessageContaining("not on curve");
  }

  @Test
  void parse_privateKeyOrUnknownType_isRefused() {
    JsonObject jwk = TestJws.jwk(TestJws.p256().getPublic());

    assertThatThrownBy(() -> Jwk.parse(Json.createObjectBuilder(jwk).add("d", "AAAA").build()))
        .hasMessageContaining("private");
    assertThatThrownBy(() -> Jwk.parse("{\"kty\":\"oct\",\"k\":\"AAAA\"}"))
        .hasMessageContaining("not supported");
    assertThatThrownBy(() -> Jwk.parse("not json")).hasMessageContaining("not a JSON object");
  }
}
