package dev.pca.application.internal;

import dev.pca.crypto.KeyAlias;
import dev.pca.crypto.KeySpec;
import dev.pca.crypto.Token;
import dev.pca.crypto.x509.CrlWriter;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Helper of {@code system-tests/bench/crl.sh}: makes an issuer's full CRL along the path of {@code
 * CrlGeneration.write}, with the product's own classes, in a JVM of its own whose heap the
 * benchmark bounds ({@code -Xmx}) and measures. Entries come from {@link CrlRows#fullEntries} (the
 * same cursor and fetch size) through {@link CrlWriter}, are signed by {@link Token#contentSigner}
 * with the issuer's key on the PKCS#11 token (SunPKCS11, as in the server), and stored by {@link
 * CrlRows.ChunkOutput} into crl/crl_chunk. The stored DER is then read back chunk by chunk into a
 * file for the benchmark to check, and the transaction is rolled back: nothing stays in the
 * database.
 *
 * <p>Usage: {@code CrlHeap <issuer id> <output file>}, with PCA_DB_URL, PCA_DB_USER,
 * PCA_DB_PASSWORD, PCA_TOKEN_PIN and PCA_PKCS11_CONFIG (a SunPKCS11 configuration) in the
 * environment. Prints one line of {@code key=value} pairs.
 */
public final class CrlHeap {
  private CrlHeap() {}

  public static void main(String[] args) throws Exception {
    UUID issuerId = UUID.fromString(args[0]);
    Path output = Path.of(args[1]);
    Token token = openToken(env("PCA_PKCS11_CONFIG"), env("PCA_TOKEN_PIN"));

    try (Connection c =
        DriverManager.getConnection(
            env("PCA_DB_URL"), env("PCA_DB_USER"), env("PCA_DB_PASSWORD"))) {
      // As in the server's JTA transaction: the cursor (fetch size) needs autocommit off.
      c.setAutoCommit(false);
      Issuer issuer = issuer(c, issuerId);
      // The server verified the key's first signature when it made the key; do the same here so
      // that the CRL is signed as the server signs it (no software verifier beside the token).
      token.sign(issuer.alias(), issuer.algorithm(), "crl-bench".getBytes(StandardCharsets.UTF_8));

      long started = System.nanoTime();
      long number = CrlRows.nextNumber(c, issuerId);
      Instant thisUpdate = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Instant nextUpdate = thisUpdate.plus(issuer.period());
      CrlWriter.Header header =
          new CrlWriter.Header(
              issuer.certificate(),
              BigInteger.valueOf(number),
              null,
              thisUpdate,
              nextUpdate,
              issuer.root() ? null : Urls.crl(issuer.label()),
              Urls.crlDelta(issuer.label()));
      long read;
      long signed;
      long stored;
      long entries;
      long size;
      try (CrlWriter writer = CrlWriter.open(header, output.getParent())) {
        CrlRows.fullEntries(c, issuerId, thisUpdate, writer::add);
        read = System.nanoTime();
        CrlWriter.Signed crl = writer.sign(token.contentSigner(issuer.alias(), issuer.algorithm()));
        signed = System.nanoTime();
        entries = writer.entries();
        size = crl.size();
        long crlId =
            CrlRows.insert(
                c,
                new CrlRows.Made(issuerId, number, null, thisUpdate, nextUpdate, entries, size, 0));
        try (CrlRows.ChunkOutput out = new CrlRows.ChunkOutput(c, crlId)) {
          crl.writeTo(out);
        }
        stored = System.nanoTime();
        readBack(c, crlId, output);
      }
      long done = System.nanoTime();
      c.rollback();
      System.out.printf(
          "entries=%d size=%d make_ms=%d read_encode_ms=%d sign_ms=%d store_ms=%d readback_ms=%d"
              + " pool_peaks_mib=%.1f max_heap_mib=%d%n",
          entries,
          size,
          ms(stored - started),
          ms(read - started),
          ms(signed - read),
          ms(stored - signed),
          ms(done - stored),
          poolPeaks() / 1048576.0,
          Runtime.getRuntime().maxMemory() >> 20);
    }
  }

  private record Issuer(
      String label,
      KeyAlias alias,
      String algorithm,
      X509CertificateHolder certificate,
      boolean root,
      Duration period) {}

  private static Issuer issuer(Connection c, UUID id) throws Exception {
    try (PreparedStatement query =
        c.prepareStatement(
            "select i.label, i.key_alias, k.key_spec, i.certificate, i.parent_id is null,"
                + " r.crl_period_seconds from issuer i join ca_key k on k.alias = i.key_alias"
                + " join repository r on r.id = i.repository_id where i.id = ?")) {
      query.setObject(1, id);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          throw new IllegalArgumentException("no issuer " + id);
        }
        return new Issuer(
            row.getString(1),
            new KeyAlias(row.getString(2)),
            KeySpec.valueOf(row.getString(3)).signatureAlgorithm(),
            new X509CertificateHolder(row.getBytes(4)),
            row.getBoolean(5),
            Duration.ofSeconds(row.getLong(6)));
      }
    }
  }

  /**
   * The product's token door over a SunPKCS11 provider registered under the server's name, logged
   * in with the PIN as the server's pca-token key store does.
   */
  private static Token openToken(String config, String pin) throws Exception {
    Provider provider = Security.getProvider("SunPKCS11").configure(config);
    Security.addProvider(provider);
    System.setProperty("pca.pkcs11.provider", provider.getName());
    KeyStore.getInstance("PKCS11", provider).load(null, pin.toCharArray());
    Token token = new Token();
    Method open = Token.class.getDeclaredMethod("open");
    open.setAccessible(true);
    open.invoke(token);
    return token;
  }

  /** Reads the stored chunks back in order, one at a time, as the CRL servlet does. */
  private static void readBack(Connection c, long crlId, Path output) throws Exception {
    try (PreparedStatement query =
            c.prepareStatement("select bytes from crl_chunk where crl_id = ? order by no");
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
      query.setFetchSize(1);
      query.setLong(1, crlId);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          try (InputStream chunk = row.getBinaryStream(1)) {
            chunk.transferTo(out);
          }
        }
      }
    }
  }

  /** The sum of the heap pools' peaks: an upper bound of the peak heap in use. */
  private static long poolPeaks() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }
}
