package dev.pca.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.crypto.x509.CertificateMakerTest.TestPki;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CRL of a million entries is written in bounded memory: a JVM with a 48 MiB heap writes it (the
 * DER alone is about 45 MB), and a streaming parse counts its entries and verifies its signature.
 */
class CrlWriterMillionTest {
  private static final int ENTRIES = 1_000_000;
  private static final String HEAP = "-Xmx48m";

  @TempDir Path work;

  @Test
  void millionEntries_writtenInA48MiBHeap_parseAndVerify() throws Exception {
    Path crl = work.resolve("million.crl");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName(),
                crl.toString(),
                Integer.toString(ENTRIES))
            .redirectErrorStream(true)
            .start();
    child.getOutputStream().close();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).as(output).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    System.out.println("CrlWriterMillionTest: " + output.strip());

    X509CertificateHolder issuer =
        new X509CertificateHolder(Files.readAllBytes(work.resolve("issuer.der")));
    Parsed parsed = parse(crl, issuer);

    assertThat(parsed.entries()).isEqualTo(ENTRIES);
    assertThat(parsed.signatureValid()).isTrue();
    assertThat(Files.size(crl)).isEqualTo(parsed.length()).isGreaterThan(40L * ENTRIES);
  }

  /** Writes the CRL: {@code main(output file, number of entries)}. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      Path out = Path.of(args[0]);
      int count = Integer.parseInt(args[1]);
      KeyPair keys = TestPki.ec("secp256r1");
      X509CertificateHolder issuer = TestPki.sign(TestPki.root(keys), keys);
      Files.write(out.resolveSibling("issuer.der"), issuer.getEncoded());
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      CrlWriter.Header header =
          new CrlWriter.Header(
              issuer,
              BigInteger.valueOf(7),
              null,
              now,
              now.plus(1, ChronoUnit.DAYS),
              "http://pki.example.com/pki/crl/big.crl",
              "http://pki.example.com/pki/crl/delta/big.crl");
      long started = System.nanoTime();
      try (CrlWriter writer = CrlWriter.open(header, out.getParent())) {
        SplittableRandom random = new SplittableRandom(5280);
        byte[] octets = new byte[20];
        for (int i = 0; i < count; i++) {
          random.nextBytes(octets);
          octets[0] = (byte) (1 + random.nextInt(0x7f));
          Instant revoked = now.minusSeconds(random.nextInt(90 * 86400));
          int reason = List.of(0, 1, 4, 5, 6).get(i % 5);
          Instant invalidity = i % 4 == 0 ? revoked.minusSeconds(3600) : null;
          writer.add(new CrlWriter.Entry(new BigInteger(1, octets), revoked, reason, invalidity));
        }
        CrlWriter.Signed signed = writer.sign(TestPki.signer(keys));
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out))) {
          signed.writeTo(file);
        }
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      System.out.printf(
          "%d entries, %d bytes, %d ms, peak heap %d MiB of %d MiB%n",
          count, Files.size(out), ms, peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    private static long peakHeap() {
      return ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getPeakUsage)
          .mapToLong(usage -> usage.getUsed())
          .sum();
    }
  }

  record Parsed(long entries, long length, boolean signatureValid) {}

  /**
   * Walks the DER without holding it: the TBSCertList's bytes go through a verifier as they are
   * read, and each revokedCertificates element is counted and skipped.
   */
  private static Parsed parse(Path file, X509CertificateHolder issuer)
      throws IOException, GeneralSecurityException {
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(new JcaX509CertificateConverter().getCertificate(issuer).getPublicKey());
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      Der der = new Der(in);
      der.expect(0x30);
      long total = der.length();
      long outerStart = der.position();
      der.tee = verifier;
      der.expect(0x30);
      long tbsLength = der.length();
      long tbsStart = der.position();
      der.skipElement(0x02); // version
      der.skipElement(0x30); // signature
      der.skipElement(0x30); // issuer
      der.skipTime(); // thisUpdate
      der.skipTime(); // nextUpdate
      long entries = 0;
      int tag = der.read();
      if (tag == 0x30) {
        long listEnd = der.length() + der.position();
        while (der.position() < listEnd) {
          der.skipElement(0x30);
          entries++;
        }
        tag = der.read();
      }
      assertThat(tag).isEqualTo(0xa0);
      der.skip(der.length());
      assertThat(der.position() - tbsStart).isEqualTo(tbsLength);
      der.tee = null;
      der.skipElement(0x30); // signatureAlgorithm
      der.expect(0x03);
      byte[] bits = der.bytes((int) der.length());
      assertThat(der.position() - outerStart).isEqualTo(total);
      assertThat(in.read()).isEqualTo(-1);
      boolean valid = verifier.verify(bits, 1, bits.length - 1);
      return new Parsed(entries, der.position(), valid);
    }
  }

  /** Just enough of a DER reader: tags, lengths, skipping, and a verifier fed what is read. */
  private static final class Der {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private long position;
    Signature tee;

    Der(InputStream in) {
      this.in = in;
    }

    long position() {
      return position;
    }

    int read() throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("at " + position);
      }
      position++;
      if (tee != null) {
        try {
          tee.update((byte) b);
        } catch (GeneralSecurityException e) {
          throw new IOException(e);
        }
      }
      return b;
    }

    void expect(int tag) throws IOException {
      int read = read();
      if (read != tag) {
        throw new IOException("tag " + read + " instead of " + tag + " at " + (position - 1));
      }
    }

    long length() throws IOException {
      int first = read();
      if (first < 0x80) {
        return first;
      }
      long length = 0;
      for (int i = 0; i < (first & 0x7f); i++) {
        length = (length << 8) | read();
      }
      return length;
    }

    void skipElement(int tag) throws IOException {
      expect(tag);
      skip(length());
    }

    void skipTime() throws IOException {
      int tag = read();
      if (tag != 0x17 && tag != 0x18) {
        throw new IOException("no Time at " + (position - 1));
      }
      skip(length());
    }

    void skip(long length) throws IOException {
      while (length > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
        if (n < 0) {
          throw new EOFException("at " + position);
        }
        if (tee != null) {
          try {
            tee.update(buffer, 0, n);
          } catch (GeneralSecurityException e) {
            throw new IOException(e);
          }
        }
        position += n;
        length -= n;
      }
    }

    byte[] bytes(int length) throws IOException {
      byte[] bytes = in.readNBytes(length);
      if (bytes.length != length) {
        throw new EOFException("at " + position);
      }
      position += length;
      return bytes;
    }
  }
}
