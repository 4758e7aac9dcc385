package dev.pca.crypto;

import dev.pca.domain.model.issuer.CaKey;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The one door to CA keys. Keys are generated on the PKCS#11 token registered by the server (as
 * token objects that are sensitive and never extractable, by the provider's configuration) and
 * never leave it; every signature with them is made here, and the first signature of each key is
 * verified before it is handed out.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Token {
  private static final Logger LOG = Logger.getLogger(Token.class.getName());
  private static final String PROVIDER = System.getProperty("pca.pkcs11.provider", "SunPKCS11-pca");
  private static final int GENERATE_ATTEMPTS = 3;

  @PersistenceContext private EntityManager em;

  private Provider provider;
  private KeyStore keyStore;
  private final Map<KeyAlias, PrivateKey> keys = new ConcurrentHashMap<>();
  private final Set<KeyAlias> verified = ConcurrentHashMap.newKeySet();

  /**
   * Held while token objects are made or destroyed, and only then. SoftHSM2's file store fails now
   * and then with CKR_GENERAL_ERROR when two threads create objects at once (its issue 573): a test
   * run met it generating an intermediate's key while an OCSP responder's key was made. Signing and
   * decrypting create no token object and do not take it.
   */
  private final Object objects = new Object();

  /** The start-up check: the deployment fails, naming the cause, when the token cannot be used. */
  @PostConstruct
  void open() {
    provider = Security.getProvider(PROVIDER);
    if (provider == null) {
      throw new IllegalStateException(
          "PCA-TOKEN: the security provider "
              + PROVIDER
              + " is not registered; check the server's pca-pkcs11 provider-loader");
    }
    try {
      keyStore = KeyStore.getInstance("PKCS11", provider);
      // The server's pca-token key store logged the token in with the PIN from its credential
      // store, so no PIN passes through the application.
      keyStore.load(null, null);
      int entries = keyStore.size();
      LOG.info(() -> "PKCS#11 token open through " + PROVIDER + ": " + entries + " key entries");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(
          "PCA-TOKEN: the PKCS#11 token cannot be opened through "
              + PROVIDER
              + " ("
              + rootMessage(e)
              + "); check the token and its PIN",
          e);
    }
  }

  /**
   * Generates a key pair on the token under {@code alias} and records it; returns its public key.
   */
  public PublicKey generate(KeyAlias alias, KeySpec spec, String createdBy) throws TokenException {
    try {
      KeyPair pair;
      synchronized (objects) {
        if (keyStore.containsAlias(alias.value())) {
          throw new TokenException(
              TokenException.Reason.DUPLICATE_KEY, "a key named " + alias + " exists", null);
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance(spec.algorithm(), provider);
        generator.initialize(spec.parameters());
        pair = generated(generator, alias);
        // PKCS#11 key stores name a private key by the certificate stored with it; until the key
        // has a real CA certificate, a short-lived self-signed one holds its place.
        X509Certificate placeholder = placeholder(alias, pair, spec);
        keyStore.setKeyEntry(
            alias.value(), pair.getPrivate(), null, new Certificate[] {placeholder});
      }
      keys.put(alias, pair.getPrivate());
      try {
        em.persist(new CaKey(alias, spec, pair.getPublic(), Instant.now(), createdBy));
        em.flush();
        sign(alias, spec.signatureAlgorithm(), alias.value().getBytes());
      } catch (TokenException | RuntimeException e) {
        // The record rolls back with the transaction; the key on the token must go too, so that
        // no key exists that nobody accounts for.
        discard(alias);
        throw e;
      }
      LOG.info(() -> "generated " + spec + " key " + alias + " on the token for " + createdBy);
      return pair.getPublic();
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new TokenException(TokenException.Reason.UNAVAILABLE, rootMessage(e), e);
    }
  }

  /**
   * The generator's key pair. SoftHSM2 fails a generation now and then with CKR_GENERAL_ERROR while
   * other threads use the token (its issue 573; two of this project's test runs met it, one with no
   * other generation going on); the same call then succeeds, and SoftHSM2 removes the objects of a
   * generation that failed. Other failures are not tried again.
   */
  private static KeyPair generated(KeyPairGenerator generator, KeyAlias alias) {
    for (int attempt = 1; ; attempt++) {
      try {
        return generator.generateKeyPair();
      } catch (ProviderException e) {
        if (attempt == GENERATE_ATTEMPTS || !rootMessage(e).contains("CKR_GENERAL_ERROR")) {
          throw e;
        }
        int failed = attempt;
        LOG.warning(
            () ->
                "generating key "
                    + alias
                    + " failed on the token ("
                    + rootMessage(e)
                    + "), attempt "
                    + failed
                    + " of "
                    + GENERATE_ATTEMPTS
                    + "; trying again");
      }
    }
  }

  /** Signs {@code data} with the key named {@code alias}, on the token. */
  public byte[] sign(KeyAlias alias, String algorithm, byte[] data) throws TokenException {
    try {
      Signature signature = Signature.getInstance(algorithm, provider);
      signature.initSign(privateKey(alias));
      signature.update(data);
      byte[] signed = signature.sign();
      if (!verified.contains(alias)) {
        verifyFirst(alias, algorithm, data, signed);
      }
      return signed;
    } catch (GeneralSecurityException e) {
      throw new TokenException(TokenException.Reason.UNAVAILABLE, rootMessage(e), e);
    }
  }

  /**
   * Decrypts a key that a client sealed to the key named {@code alias} (RSA PKCS#1 v1.5 key
   * transport, as SCEP's RA receives it), on the token.
   */
  public byte[] decryptKey(KeyAlias alias, byte[] encrypted) throws TokenException {
    try {
      Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding", provider);
      cipher.init(Cipher.DECRYPT_MODE, privateKey(alias));
      return cipher.doFinal(encrypted);
    } catch (BadPaddingException | IllegalBlockSizeException e) {
      throw new TokenException(
          TokenException.Reason.UNDECRYPTABLE, "the data does not decrypt with " + alias, e);
    } catch (GeneralSecurityException e) {
      throw new TokenException(TokenException.Reason.UNAVAILABLE, rootMessage(e), e);
    }
  }

  /** The public key of the key named {@code alias}. */
  public PublicKey publicKey(KeyAlias alias) throws TokenException {
    try {
      Certificate certificate = keyStore.getCertificate(alias.value());
      if (certificate == null) {
        throw new TokenException(TokenException.Reason.UNKNOWN_KEY, "no key named " + alias, null);
      }
      return certificate.getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new TokenException(TokenException.Reason.UNAVAILABLE, rootMessage(e), e);
    }
  }

  /**
   * A Bouncy Castle content signer over the key named {@code alias}: what certificate and CRL
   * builders sign through, so the signature is made on the token. What is signed streams into the
   * signature in blocks, so content of any size (a CRL of a million entries is tens of megabytes)
   * is signed in bounded memory.
   */
  public ContentSigner contentSigner(KeyAlias alias, String algorithm) {
    AlgorithmIdentifier identifier =
        new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
    SigningStream content = new SigningStream(alias, algorithm);
    return new ContentSigner() {
      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return identifier;
      }

      @Override
      public OutputStream getOutputStream() {
        return content;
      }

      @Override
      public byte[] getSignature() {
        return content.sign();
      }
    };
  }

  /**
   * Feeds a signature on the token in blocks (one provider call per block, not per write) and,
   * until the key's first signature has been verified, a software verifier beside it.
   */
  private final class SigningStream extends OutputStream {
    private final KeyAlias alias;
    private final String algorithm;
    private final byte[] block = new byte[8192];
    private int used;
    private Signature signature;
    private Signature check;

    SigningStream(KeyAlias alias, String algorithm) {
      this.alias = alias;
      this.algorithm = algorithm;
    }

    @Override
    public void write(int b) {
      if (used == block.length) {
        drain();
      }
      block[used++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      if (length >= block.length) {
        drain();
        update(bytes, offset, length);
        return;
      }
      if (used + length > block.length) {
        drain();
      }
      System.arraycopy(bytes, offset, block, used, length);
      used += length;
    }

    byte[] sign() {
      drain();
      try {
        start();
        byte[] signed = signature.sign();
        if (check != null) {
          if (!check.verify(signed)) {
            throw new TokenException(
                TokenException.Reason.SIGNATURE_MISMATCH,
                "the token's signature with " + alias + " does not verify with its public key",
                null);
          }
          verified.add(alias);
        }
        return signed;
      } catch (GeneralSecurityException | TokenException e) {
        throw new RuntimeOperatorException(rootMessage(e), e);
      }
    }

    private void drain() {
      if (used > 0) {
        update(block, 0, used);
        used = 0;
      }
    }

    private void update(byte[] bytes, int offset, int length) {
      try {
        start();
        signature.update(bytes, offset, length);
        if (check != null) {
          check.update(bytes, offset, length);
        }
      } catch (GeneralSecurityException | TokenException e) {
        throw new RuntimeOperatorException(rootMessage(e), e);
      }
    }

    private void start() throws GeneralSecurityException, TokenException {
      if (signature == null) {
        signature = Signature.getInstance(algorithm, provider);
        signature.initSign(privateKey(alias));
        if (!verified.contains(alias)) {
          check = Signature.getInstance(algorithm);
          check.initVerify(publicKey(alias));
        }
      }
    }
  }

  /**
   * The token's provider, for public-key work that is faster there than in the JDK (verifying CSR
   * signatures). It never hands out a CA private key.
   */
  public Provider provider() {
    return provider;
  }

  /**
   * Moves an existing CA key onto the token, where it becomes a sensitive, non-extractable token
   * object (the provider's import attributes), next to its certificate; the caller drops its copy.
   */
  public void importKey(
      KeyAlias alias, KeySpec spec, PrivateKey key, X509Certificate certificate, String createdBy)
      throws TokenException {
    try {
      synchronized (objects) {
        if (keyStore.containsAlias(alias.value())) {
          throw new TokenException(
              TokenException.Reason.DUPLICATE_KEY, "a key named " + alias + " exists", null);
        }
        keyStore.setKeyEntry(alias.value(), key, null, new Certificate[] {certificate});
      }
      try {
        em.persist(new CaKey(alias, spec, certificate.getPublicKey(), Instant.now(), createdBy));
        em.flush();
        sign(alias, spec.signatureAlgorithm(), alias.value().getBytes());
      } catch (TokenException | RuntimeException e) {
        discard(alias);
        throw e;
      }
      LOG.info(() -> "imported " + spec + " key " + alias + " onto the token for " + createdBy);
    } catch (GeneralSecurityException e) {
      throw new TokenException(TokenException.Reason.UNAVAILABLE, rootMessage(e), e);
    }
  }

  /** Puts the key's real certificate beside it on the token, in place of the placeholder. */
  public void storeCertificate(KeyAlias alias, X509Certificate certificate) throws TokenException {
    try {
      PrivateKey key = privateKey(alias);
      synchronized (objects) {
        keyStore.setKeyEntry(alias.value(), key, null, new Certificate[] {certificate});
      }
    } catch (GeneralSecurityException e) {
      throw new TokenException(TokenException.Reason.UNAVAILABLE, rootMessage(e), e);
    }
  }

  /**
   * Removes a key from the token whose creation did not complete, so that no key is left that no
   * committed record accounts for. Its record rolls back with the caller's transaction.
   */
  public void discard(KeyAlias alias) {
    try {
      synchronized (objects) {
        keyStore.deleteEntry(alias.value());
      }
    } catch (GeneralSecurityException e) {
      LOG.warning(() -> "could not remove the unfinished key " + alias + ": " + rootMessage(e));
    }
    keys.remove(alias);
    verified.remove(alias);
  }

  /** Destroys the key named {@code alias} on the token and its record, for a decommissioned CA. */
  public void destroy(KeyAlias alias) throws TokenException {
    try {
      synchronized (objects) {
        keyStore.deleteEntry(alias.value());
      }
      keys.remove(alias);
      verified.remove(alias);
      CaKey record = em.find(CaKey.class, alias.value());
      if (record != null) {
        em.remove(record);
      }
      LOG.info(() -> "destroyed key " + alias + " on the token");
    } catch (GeneralSecurityException e) {
      throw new TokenException(TokenException.Reason.UNAVAILABLE, rootMessage(e), e);
    }
  }

  /** The private key handle: a reference to the object on the token, never its value. */
  private PrivateKey privateKey(KeyAlias alias) throws GeneralSecurityException, TokenException {
    PrivateKey key = keys.get(alias);
    if (key == null) {
      key = (PrivateKey) keyStore.getKey(alias.value(), null);
      if (key == null) {
        throw new TokenException(TokenException.Reason.UNKNOWN_KEY, "no key named " + alias, null);
      }
      keys.put(alias, key);
    }
    return key;
  }

  private void verifyFirst(KeyAlias alias, String algorithm, byte[] data, byte[] signed)
      throws GeneralSecurityException, TokenException {
    Signature check = Signature.getInstance(algorithm);
    check.initVerify(publicKey(alias));
    check.update(data);
    if (!check.verify(signed)) {
      throw new TokenException(
          TokenException.Reason.SIGNATURE_MISMATCH,
          "the token's signature with " + alias + " does not verify with its public key",
          null);
    }
    verified.add(alias);
  }

  private X509Certificate placeholder(KeyAlias alias, KeyPair pair, KeySpec spec)
      throws OperatorCreationException, GeneralSecurityException {
    X500Name name = new X500Name("CN=PCA key " + alias);
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            Date.from(now),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            name,
            pair.getPublic());
    var signer =
        new JcaContentSignerBuilder(spec.signatureAlgorithm())
            .setProvider(provider)
            .build(pair.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
