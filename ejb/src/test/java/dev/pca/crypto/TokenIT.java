package dev.pca.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.Deployments;
import jakarta.ejb.EJB;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The token door inside a real WildFly, through the server's SunPKCS11 provider and SoftHSM2. */
@ExtendWith(ArquillianExtension.class)
class TokenIT {
  @Deployment
  static WebArchive deployment() {
    return Deployments.core("token-it");
  }

  @EJB private Token token;

  @Test
  void generate_ecP256_keyLivesOnTokenSensitiveNeverExtractable_andSignsVerifiably()
      throws Exception {
    generateCheckAndDestroy(KeySpec.EC_P256);
  }

  @Test
  void generate_ecP384_keyLivesOnTokenSensitiveNeverExtractable_andSignsVerifiably()
      throws Exception {
    generateCheckAndDestroy(KeySpec.EC_P384);
  }

  @Test
  void generate_rsa2048_keyLivesOnTokenSensitiveNeverExtractable_andSignsVerifiably()
      throws Exception {
    generateCheckAndDestroy(KeySpec.RSA_2048);
  }

  private void generateCheckAndDestroy(KeySpec spec) throws Exception {
    KeyAlias alias = KeyAlias.fresh("it");
    try {
      PublicKey publicKey = token.generate(alias, spec, "token-it");

      String entry = privateKeyEntry(alias);
      assertThat(entry).as("pkcs11-tool's view of the key").isNotEmpty();
      String access = entry.lines().filter(l -> l.contains("Access:")).findFirst().orElse("");
      assertThat(access)
          .contains("sensitive")
          .contains("always sensitive")
          .contains("never extractable");
      assertThat(access.replace("never extractable", "")).doesNotContain("extractable");

      byte[] data = ("to be signed by " + alias).getBytes(StandardCharsets.UTF_8);
      byte[] signature = token.sign(alias, spec.signatureAlgorithm(), data);
      assertThat(verifies(publicKey, spec.signatureAlgorithm(), data, signature)).isTrue();
      data[0] ^= 1;
      assertThat(verifies(publicKey, spec.signatureAlgorithm(), data, signature)).isFalse();
    } finally {
      token.destroy(alias);
    }
    assertThat(privateKeyEntry(alias)).isEmpty();
  }

  @Test
  void generate_existingAlias_isRefused() throws Exception {
    KeyAlias alias = KeyAlias.fresh("it");
    token.generate(alias, KeySpec.EC_P256, "token-it");
    try {
      assertThatThrownBy(() -> token.generate(alias, KeySpec.EC_P256, "token-it"))
          .isInstanceOfSatisfying(
              TokenException.class,
              e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.DUPLICATE_KEY));
    } finally {
      token.destroy(alias);
    }
  }

  /**
   * SoftHSM2's file store fails some object creations with CKR_GENERAL_ERROR when threads create
   * objects at once (a CI run met it: an RSA intermediate's key and an OCSP responder's EC key);
   * the token door serializes them, so that every concurrent generation succeeds.
   */
  @Test
  void generate_concurrently_everyKeyIsMadeAndSigns() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<KeyAlias> aliases =
        IntStream.range(0, 24).mapToObj(i -> KeyAlias.fresh("it-concurrent")).toList();
    List<KeySpec> specs =
        IntStream.range(0, 24)
            .mapToObj(i -> i % 2 == 0 ? KeySpec.RSA_2048 : KeySpec.EC_P256)
            .toList();
    try {
      List<Future<PublicKey>> made = new ArrayList<>();
      for (int i = 0; i < aliases.size(); i++) {
        KeyAlias alias = aliases.get(i);
        KeySpec spec = specs.get(i);
        made.add(threads.submit(() -> token.generate(alias, spec, "token-it")));
      }
      for (int i = 0; i < aliases.size(); i++) {
        PublicKey key = made.get(i).get(2, TimeUnit.MINUTES);
        String algorithm = specs.get(i).signatureAlgorithm();
        byte[] data = aliases.get(i).value().getBytes(StandardCharsets.UTF_8);
        assertThat(verifies(key, algorithm, data, token.sign(aliases.get(i), algorithm, data)))
            .isTrue();
      }
    } finally {
      threads.shutdown();
      for (KeyAlias alias : aliases) {
        try {
          token.destroy(alias);
        } catch (TokenException | RuntimeException e) {
          // A key that was not made has nothing to destroy; the assertions above report it.
        }
      }
    }
  }

  @Test
  void sign_unknownAlias_isRefused() {
    assertThatThrownBy(() -> token.sign(KeyAlias.fresh("absent"), "SHA256withECDSA", new byte[1]))
        .isInstanceOfSatisfying(
            TokenException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.UNKNOWN_KEY));
  }

  private static boolean verifies(PublicKey key, String algorithm, byte[] data, byte[] signature)
      throws GeneralSecurityException {
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(key);
    verifier.update(data);
    return verifier.verify(signature);
  }

  /** The token's own description of the private key object with CKA_ID = alias, read by OpenSC. */
  private static String privateKeyEntry(KeyAlias alias) throws IOException, InterruptedException {
    Process tool =
        new ProcessBuilder(
                "pkcs11-tool",
                "--module",
                System.getenv("PCA_PKCS11_LIBRARY"),
                "--slot",
                System.getenv("PCA_PKCS11_SLOT"),
                "--login",
                "--pin",
                System.getenv("PCA_TOKEN_PIN"),
                "--list-objects",
                "--type",
                "privkey",
                "--id",
                HexFormat.of().formatHex(alias.value().getBytes(StandardCharsets.UTF_8)))
            .redirectErrorStream(true)
            .start();
    String out = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // pkcs11-tool lists every private key whatever --id says: keep the entry with this key's ID.
    String id = HexFormat.of().formatHex(alias.value().getBytes(StandardCharsets.UTF_8));
    for (String entry : out.split("(?=Private Key Object)")) {
      if (entry.startsWith("Private Key Object")
          && entry.lines().anyMatch(l -> l.strip().replaceAll("\\s+", " ").equals("ID: " + id))) {
        return entry;
      }
    }
    return "";
  }
}
