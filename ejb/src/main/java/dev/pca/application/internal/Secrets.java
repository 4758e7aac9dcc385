package dev.pca.application.internal;

import dev.pca.application.Enrollments;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Secrets the server makes for devices (challenge passwords, EST passwords): 160 random bits, shown
 * once and kept only as their SHA-256. Being random rather than chosen, they need no slow hash:
 * nobody can guess one from its digest.
 */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private static final int LENGTH = 32; // 32 characters of 5 bits each

  private Secrets() {}

  /** Whether a profile with this way of authenticating has one secret of its own. */
  static boolean needed(Enrollments.Authentication authentication) {
    return authentication == Enrollments.Authentication.CHALLENGE
        || authentication == Enrollments.Authentication.HTTP_BASIC;
  }

  /** A new secret: letters and digits that cannot be mistaken for one another. */
  static String fresh() {
    char[] secret = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      secret[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(secret);
  }

  /** The SHA-256 of a secret's UTF-8, null for null. */
  static byte[] sha256(String secret) {
    if (secret == null) {
      return null;
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
