package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

/**
 * Bouncy Castle's verification of JWS signatures against the JDK's: what one accepts, so does the
 * other, for good signatures and for the ones a forger would try.
 */
class JwsAlgorithmTest {
  private static final byte[] INPUT =
      "eyJhbGciOiJFUzI1NiJ9.e30".getBytes(StandardCharsets.US_ASCII);

  @Test
  void verify_signaturesMadeByTheJdk_pass() throws Exception {
    Map<JwsAlgorithm, KeyPair> keys = new LinkedHashMap<>();
    keys.put(JwsAlgorithm.ES256, TestJws.p256());
    keys.put(JwsAlgorithm.ES384, TestJws.ec("secp384r1"));
    keys.put(JwsAlgorithm.ES512, TestJws.ec("secp521r1"));
    keys.put(JwsAlgorithm.RS256, TestJws.rsa(2048));
    keys.put(JwsAlgorithm.PS256, keys.get(JwsAlgorithm.RS256));
    keys.put(JwsAlgorithm.EdDSA, TestJws.ed25519());

    for (var entry : keys.entrySet()) {
      JwsAlgorithm algorithm = entry.getKey();
      KeyPair pair = entry.getValue();
      byte[] signature = jdkSign(algorithm, pair);

      assertThat(verify(algorithm, pair.getPublic(), signature)).as(algorithm.name()).isTrue();
      assertThat(verify(algorithm, pair.getPublic(), flip(signature, 7)))
          .as(algorithm.name())
          .isFalse();
    }
  }

  @Test
  void verify_ecdsaOutOfRangeOrMalleated_agreesWithTheJdk() throws Exception {
    KeyPair pair = TestJws.p256();
    byte[] good = jdkSign(JwsAlgorithm.ES256, pair);
    BigInteger n = ((ECPublicKey) pair.getPublic()).getParams().getOrder();
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(good, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(good, 32, 64));

    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("good", good);
    cases.put("r = 0", rs(BigInteger.ZERO, s));
    cases.put("s = 0", rs(r, BigInteger.ZERO));
    cases.put("r = n", rs(n, s));
    cases.put("s = n", rs(r, n));
    cases.put("n - s", rs(r, n.subtract(s)));
    cases.put("short", Arrays.copyOf(good, 63));
    cases.put("DER", jdkSign("SHA256withECDSA", pair));

    assertAgree(JwsAlgorithm.ES256, "SHA256withECDSAinP1363Format", pair.getPublic(), cases);
  }

  @Test
  void verify_rsaPaddingAndLengthVariants_agreeWithTheJdk() throws Exception {
    KeyPair pair = TestJws.rsa(2048);
    byte[] good = jdkSign(JwsAlgorithm.RS256, pair);
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(INPUT);
    // DigestInfo of SHA-256 with its NULL parameters left out, as some signers make it.
    byte[] noNull =
        concat(HexFormat.of().parseHex("302f300b0609608648016503040201" + "0420"), hash);
    Cipher raw = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    raw.init(Cipher.ENCRYPT_MODE, pair.getPrivate());

    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("good", good);
    cases.put("no NULL", raw.doFinal(noNull));
    cases.put("leading zero", concat(new byte[1], good));
    cases.put("tampered", flip(good, 100));
    cases.put("PSS", jdkSign(JwsAlgorithm.PS256, pair));

    assertAgree(JwsAlgorithm.RS256, "SHA256withRSA", pair.getPublic(), cases);
  }

  @Test
  void verify_pssOfAnotherSaltLength_agreesWithTheJdk() throws Exception {
    KeyPair pair = TestJws.rsa(2048);
    Signature signer = Signature.getInstance("RSASSA-PSS");
    signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 20, 1));
    signer.initSign(pair.getPrivate());
    signer.update(INPUT);

    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("good", jdkSign(JwsAlgorithm.PS256, pair));
    cases.put("salt 20", signer.sign());
    cases.put("PKCS1", jdkSign(JwsAlgorithm.RS256, pair));

    assertAgree(JwsAlgorithm.PS256, "RSASSA-PSS", pair.getPublic(), cases);
  }

  @Test
  void verify_ed25519NonCanonicalS_agreesWithTheJdk() throws Exception {
    KeyPair pair = TestJws.ed25519();
    byte[] good = jdkSign(JwsAlgorithm.EdDSA, pair);
    // S + L, little-endian: the same point arithmetic, but "S is not in range 0 <= S < L".
    BigInteger l =
        BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    byte[] s = reverse(Arrays.copyOfRange(good, 32, 64));
    byte[] sPlusL = reverse(fixed(new BigInteger(1, s).add(l), 32));

    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("good", good);
    cases.put("S + L", concat(Arrays.copyOf(good, 32), sPlusL));
    cases.put("tampered R", flip(good, 3));

    assertAgree(JwsAlgorithm.EdDSA, "Ed25519", pair.getPublic(), cases);
  }

  private static void assertAgree(
      JwsAlgorithm algorithm, String jca, PublicKey key, Map<String, byte[]> cases)
      throws Exception {
    for (var entry : cases.entrySet()) {
      assertThat(verify(algorithm, key, entry.getValue()))
          .as(entry.getKey())
          .isEqualTo(jdkVerify(jca, key, entry.getValue()));
    }
  }

  private static boolean verify(JwsAlgorithm algorithm, PublicKey key, byte[] signature)
      throws AcmeError {
    return algorithm.verify(Jwk.parse(TestJws.jwk(key)).key(), INPUT, signature);
  }

  private static boolean jdkVerify(String jca, PublicKey key, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(jca);
      if (jca.equals("RSASSA-PSS")) {
        verifier.setParameter(
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      }
      verifier.initVerify(key);
      verifier.update(INPUT);
      return verifier.verify(signature);
    } catch (Exception e) {
      return false;
    }
  }

  private static byte[] jdkSign(JwsAlgorithm algorithm, KeyPair pair) throws Exception {
    if (algorithm == JwsAlgorithm.PS256) {
      Signature signer = Signature.getInstance("RSASSA-PSS");
      signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      signer.initSign(pair.getPrivate());
      signer.update(INPUT);
      return signer.sign();
    }
    return TestJws.signature(pair.getPrivate(), algorithm.name(), INPUT);
  }

  private static byte[] jdkSign(String jca, KeyPair pair) throws Exception {
    Signature signer = Signature.getInstance(jca);
    signer.initSign(pair.getPrivate());
    signer.update(INPUT);
    return signer.sign();
  }

  private static byte[] rs(BigInteger r, BigInteger s) {
    return concat(fixed(r, 32), fixed(s, 32));
  }

  /** Unsigned big-endian in exactly {@code size} bytes. */
  private static byte[] fixed(BigInteger value, int size) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(bytes.length, size);
    System.arraycopy(bytes, bytes.length - copy, out, size - copy, copy);
    return out;
  }

  private static byte[] flip(byte[] bytes, int at) {
    byte[] copy = bytes.clone();
    copy[at] ^= 1;
    return copy;
  }

  private static byte[] reverse(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
