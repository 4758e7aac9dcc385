package dev.pca.enrollment.scep;

import dev.pca.application.CaException;
import java.security.cert.X509Certificate;

/**
 * The RA's key pair as the codec needs it: its certificate, and the two private-key operations,
 * which happen wherever the key is (on the token, through the core).
 */
public interface RaKey {
  X509Certificate certificate();

  /** RSA PKCS#1 v1.5 decryption of a content-encryption key sealed to the RA certificate. */
  byte[] decrypt(byte[] encryptedKey) throws CaException;

  /** A signature over {@code data} with {@code algorithm}, e.g. SHA256withRSA. */
  byte[] sign(String algorithm, byte[] data) throws CaException;
}
