package dev.pca.application.internal;

import dev.pca.application.CaException;
import dev.pca.crypto.KeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Leaf keys that the server generates for callers who cannot make their own. They live only in
 * memory until the PKCS#12 is handed out; CA keys never come here.
 */
final class ServerKeys {
  private ServerKeys() {}

  static KeyPair generate(KeySpec spec) throws CaException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(spec.algorithm());
      generator.initialize(spec.parameters());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new CaException(
          CaException.Reason.INVALID, "this server cannot make a " + spec + " key");
    }
  }

  /** The key type of a device's CSR, for a key made in its place; INVALID when not offered. */
  static KeySpec specOf(String algorithm, int bits) throws CaException {
    for (KeySpec spec : KeySpec.values()) {
      if (spec.algorithm().equals(algorithm) && bits(spec) == bits) {
        return spec;
      }
    }
    throw new CaException(
        CaException.Reason.INVALID,
        "the server makes EC P-256/P-384 and RSA 2048/3072/4096 keys, not "
            + algorithm
            + " "
            + bits);
  }

  static Issuance.Key describe(KeyPair pair, KeySpec spec) {
    return new Issuance.Key(
        SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()),
        spec.algorithm(),
        bits(spec));
  }

  private static int bits(KeySpec spec) {
    return switch (spec) {
      case EC_P256 -> 256;
      case EC_P384 -> 384;
      case RSA_2048 -> 2048;
      case RSA_3072 -> 3072;
      case RSA_4096 -> 4096;
    };
  }

  /** PKCS#12 with the key and the chain, under the caller's password (the JDK's AES default). */
  static byte[] pkcs12(PrivateKey key, String chainPem, String password) {
    try {
      Certificate[] chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new java.io.ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)))
              .toArray(Certificate[]::new);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("certificate", key, password.toCharArray(), chain);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password.toCharArray());
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the PKCS#12 could not be made", e);
    }
  }
}
