package dev.pca.ocsp;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;

/**
 * The responder keys on the server's PKCS#11 token, through the provider the server registered
 * (system property {@code pca.pkcs11.provider}, by default {@code SunPKCS11-pca}). The server's key
 * store logged the token in, so no PIN passes through here. A key made after the key store was read
 * is found by reading it again, at most every {@link #RELOAD}.
 */
final class TokenKeys implements Issuers.Keys {
  static final String PROVIDER = System.getProperty("pca.pkcs11.provider", "SunPKCS11-pca");
  static final Duration RELOAD = Duration.ofSeconds(1);

  private final Provider provider;
  private KeyStore keyStore;
  private Instant loaded = Instant.EPOCH;

  /** Fails, naming the cause, when there is no token to sign with. */
  TokenKeys() throws GeneralSecurityException {
    provider = Security.getProvider(PROVIDER);
    if (provider == null) {
      throw new GeneralSecurityException(
          "the security provider " + PROVIDER + " is not registered: no token on this node");
    }
  }

  @Override
  public synchronized PrivateKey privateKey(String alias) throws GeneralSecurityException {
    PrivateKey key = find(alias);
    if (key == null && loaded.plus(RELOAD).isBefore(Instant.now())) {
      keyStore = null;
      key = find(alias);
    }
    return key;
  }

  @Override
  public Provider provider() {
    return provider;
  }

  private PrivateKey find(String alias) throws GeneralSecurityException {
    if (keyStore == null) {
      KeyStore store = KeyStore.getInstance("PKCS11", provider);
      try {
        store.load(null, null);
      } catch (IOException e) {
        throw new GeneralSecurityException("the token's key store cannot be read", e);
      }
      keyStore = store;
      loaded = Instant.now();
    }
    Key key = keyStore.getKey(alias, null);
    return key instanceof PrivateKey privateKey ? privateKey : null;
  }
}
