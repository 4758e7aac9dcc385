package dev.pca.crypto.x509;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Writes a v2 CRL in DER in bounded memory, whatever the number of entries. Entries are encoded
 * once, as they come, into a temporary file whose length is counted; {@link #sign} then streams the
 * TBSCertList (header, entries, extensions) through the signer, and {@link Signed#writeTo} streams
 * it again, now that the outer length (which depends on the signature's) is known, with the
 * signature after it. Only the signer ever sees the private key.
 *
 * <p>The issuer name is the exact subject encoding of the issuer's certificate, and the issuing
 * distribution point names the URL that certificates carry in their CRL distribution points, so
 * that path validation finds the CRL in scope (RFC 5280 section 6.3.3 (b)). A CRL without a
 * distribution point is complete for everything its issuer signed, itself included: what a root's
 * CRL must be, since the root has no CRL distribution point of its own and openssl's {@code
 * -crl_check_all} checks it too (and refuses an IDP-scoped CRL for it as "different CRL scope").
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-5">RFC 5280 section 5</a>
 */
public final class CrlWriter implements Closeable {
  /** CRLReason certificateHold: entries of certificates on hold. */
  public static final int CERTIFICATE_HOLD = 6;

  /** CRLReason removeFromCRL: only on delta CRLs, for a released hold (RFC 5280 5.3.1). */
  public static final int REMOVE_FROM_CRL = 8;

  private static final int BUFFER = 64 * 1024;
  private static final byte SEQUENCE = 0x30;
  private static final byte[] VERSION_2 = {0x02, 0x01, 0x01};
  // Extension ::= SEQUENCE { extnID 2.5.29.21, extnValue OCTET STRING { ENUMERATED reason } }
  private static final byte[] REASON_CODE = {0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03};
  // Extension ::= SEQUENCE { extnID 2.5.29.24, extnValue OCTET STRING { GeneralizedTime } }
  private static final byte[] INVALIDITY_DATE = {0x30, 0x18, 0x06, 0x03, 0x55, 0x1d, 0x18, 0x04};

  /**
   * What the CRL says besides its entries. A delta CRL has a {@code baseNumber}; a full CRL may
   * point at its delta CRLs with {@code freshestCrl}; {@code distributionPoint} null leaves the
   * issuing distribution point out (a root's CRL).
   */
  public record Header(
      X509CertificateHolder issuer,
      BigInteger number,
      BigInteger baseNumber,
      Instant thisUpdate,
      Instant nextUpdate,
      String distributionPoint,
      String freshestCrl) {
    public Header {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(number, "number");
      Objects.requireNonNull(thisUpdate, "thisUpdate");
      Objects.requireNonNull(nextUpdate, "nextUpdate");
      if (!nextUpdate.isAfter(thisUpdate)) {
        throw new IllegalArgumentException("nextUpdate must come after thisUpdate");
      }
      if (baseNumber != null && freshestCrl != null) {
        throw new IllegalArgumentException("a delta CRL points at no fresher CRL");
      }
    }

    boolean delta() {
      return baseNumber != null;
    }
  }

  /**
   * One revoked certificate. {@code reason} is a CRLReason code; unspecified (0) and null leave the
   * reasonCode extension out, as RFC 5280 5.3.1 asks. {@code invalidityDate} may be null.
   */
  public record Entry(
      BigInteger serial, Instant revocationDate, Integer reason, Instant invalidityDate) {
    public Entry {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(revocationDate, "revocationDate");
      if (serial.signum() < 0) {
        throw new IllegalArgumentException("a serial number is positive");
      }
      if (reason != null && (reason < 0 || reason > 10 || reason == 7)) {
        throw new IllegalArgumentException("no CRLReason " + reason);
      }
    }
  }

  private final Header header;
  private final Path entriesFile;
  private final OutputStream entriesOut;
  private final byte[] scratch = new byte[256];
  private long entriesLength;
  private long entries;
  private boolean closed;

  private CrlWriter(Header header, Path entriesFile) throws IOException {
    this.header = header;
    this.entriesFile = entriesFile;
    this.entriesOut = new BufferedOutputStream(Files.newOutputStream(entriesFile), BUFFER);
  }

  /** Starts a CRL whose entries wait in a temporary file in {@code directory}. */
  public static CrlWriter open(Header header, Path directory) throws IOException {
    Objects.requireNonNull(header, "header");
    return new CrlWriter(header, Files.createTempFile(directory, "crl-", ".der"));
  }

  /** Encodes one entry (RFC 5280 5.1.2.6 revokedCertificates) onto the end of the list. */
  public void add(Entry entry) throws IOException {
    if (closed) {
      throw new IllegalStateException("the CRL has been signed");
    }
    byte[] serial = entry.serial().toByteArray();
    int reason = entry.reason() == null ? 0 : entry.reason();
    int extensions =
        (reason == 0 ? 0 : REASON_CODE.length + 3)
            + (entry.invalidityDate() == null ? 0 : INVALIDITY_DATE.length + 18);
    int at = 0;
    byte[] out = serial.length > 64 ? new byte[serial.length + 256] : scratch;
    int content =
        headerLength(serial.length)
            + timeLength(entry.revocationDate())
            + (extensions == 0 ? 0 : headerLength(extensions));
    out[at++] = SEQUENCE;
    at = putLength(out, at, content);
    out[at++] = 0x02;
    at = putLength(out, at, serial.length);
    System.arraycopy(serial, 0, out, at, serial.length);
    at += serial.length;
    at = putTime(out, at, entry.revocationDate(), false);
    if (extensions > 0) {
      out[at++] = SEQUENCE;
      at = putLength(out, at, extensions);
      if (reason != 0) {
        System.arraycopy(REASON_CODE, 0, out, at, REASON_CODE.length);
        at += REASON_CODE.length;
        out[at++] = 0x0a;
        out[at++] = 0x01;
        out[at++] = (byte) reason;
      }
      if (entry.invalidityDate() != null) {
        System.arraycopy(INVALIDITY_DATE, 0, out, at, INVALIDITY_DATE.length);
        at += INVALIDITY_DATE.length;
        out[at++] = 17;
        // RFC 5280 5.3.2: the invalidity date is a GeneralizedTime whatever the year.
        at = putTime(out, at, entry.invalidityDate(), true);
      }
    }
    entriesOut.write(out, 0, at);
    entriesLength += at;
    entries++;
  }

  /** How many entries were added. */
  public long entries() {
    return entries;
  }

  /**
   * Streams the TBSCertList through {@code signer} (its algorithm goes into both signature fields)
   * and returns the signed CRL, ready to be written. No entry can be added after.
   */
  public Signed sign(ContentSigner signer) throws IOException {
    if (!closed) {
      entriesOut.close();
      closed = true;
    }
    byte[] algorithm = signer.getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER);
    byte[] extensions = extensions();
    byte[] head = tbsHead(algorithm, extensions.length);
    OutputStream toSigner = new BufferedOutputStream(signer.getOutputStream(), BUFFER);
    writeTbs(toSigner, head, extensions);
    toSigner.flush();
    byte[] signature = signer.getSignature();
    return new Signed(head, extensions, algorithm, signature);
  }

  /** A signed CRL, whose entries still wait in the temporary file. */
  public final class Signed {
    private final byte[] head;
    private final byte[] extensions;
    private final byte[] algorithm;
    private final byte[] signature;

    private Signed(byte[] head, byte[] extensions, byte[] algorithm, byte[] signature) {
      this.head = head;
      this.extensions = extensions;
      this.algorithm = algorithm;
      this.signature = signature;
    }

    private long tbsLength() {
      return head.length + entriesLength + extensions.length;
    }

    private long bodyLength() {
      return tbsLength() + algorithm.length + headerLength(signature.length + 1);
    }

    /** The length of the DER CertificateList. */
    public long size() {
      return headerLength(bodyLength());
    }

    /** Writes the DER CertificateList: TBSCertList, signatureAlgorithm, signatureValue. */
    public void writeTo(OutputStream out) throws IOException {
      OutputStream buffered = new BufferedOutputStream(out, BUFFER);
      buffered.write(SEQUENCE);
      buffered.write(lengthOctets(bodyLength()));
      writeTbs(buffered, head, extensions);
      buffered.write(algorithm);
      buffered.write(0x03);
      buffered.write(lengthOctets(signature.length + 1));
      buffered.write(0);
      buffered.write(signature);
      buffered.flush();
    }
  }

  /** Deletes the temporary file. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      entriesOut.close();
      closed = true;
    }
    Files.deleteIfExists(entriesFile);
  }

  private void writeTbs(OutputStream out, byte[] head, byte[] extensions) throws IOException {
    out.write(head);
    try (InputStream in = Files.newInputStream(entriesFile)) {
      in.transferTo(out);
    }
    out.write(extensions);
  }

  /**
   * Everything of the TBSCertList before the entries: its own tag and length, version, signature,
   * issuer, thisUpdate, nextUpdate, and the tag and length of revokedCertificates, which RFC 5280
   * 5.1.2.6 wants absent when there are no entries.
   */
  private byte[] tbsHead(byte[] algorithm, int extensionsLength) throws IOException {
    byte[] issuer =
        header
            .issuer()
            .toASN1Structure()
            .getTBSCertificate()
            .getSubject()
            .getEncoded(ASN1Encoding.DER);
    byte[] times = new byte[2 * 17];
    int timesLength = putTime(times, 0, header.thisUpdate(), false);
    timesLength = putTime(times, timesLength, header.nextUpdate(), false);
    var fields = new ByteArrayOutputStream();
    fields.write(VERSION_2);
    fields.write(algorithm);
    fields.write(issuer);
    fields.write(times, 0, timesLength);
    if (entries > 0) {
      fields.write(SEQUENCE);
      fields.write(lengthOctets(entriesLength));
    }
    long tbsContent = fields.size() + entriesLength + extensionsLength;
    var head = new ByteArrayOutputStream();
    head.write(SEQUENCE);
    head.write(lengthOctets(tbsContent));
    fields.writeTo(head);
    return head.toByteArray();
  }

  /**
   * crlExtensions, [0] EXPLICIT: authorityKeyIdentifier, cRLNumber, deltaCRLIndicator (critical,
   * delta CRLs only), issuingDistributionPoint (critical, when scoped), freshestCRL (full CRLs that
   * have deltas).
   */
  private byte[] extensions() throws IOException {
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        new AuthorityKeyIdentifier(keyIdentifier(header.issuer())));
    extensions.addExtension(Extension.cRLNumber, false, new CRLNumber(header.number()));
    if (header.delta()) {
      // RFC 5280 5.2.4: "Conforming CRL issuers MUST ... mark this extension as critical."
      extensions.addExtension(
          Extension.deltaCRLIndicator, true, new ASN1Integer(header.baseNumber()));
    }
    if (header.distributionPoint() != null) {
      // RFC 5280 5.2.5: "Although the extension is critical, conforming implementations are not
      // required to support this extension." It scopes the CRL to the certificates whose CRL
      // distribution point names the same URL; a delta CRL carries the same one as its base.
      extensions.addExtension(
          Extension.issuingDistributionPoint,
          true,
          new IssuingDistributionPoint(pointName(header.distributionPoint()), false, false));
    }
    if (header.freshestCrl() != null) {
      // RFC 5280 5.2.6: "The extension MUST be marked as non-critical by conforming CRL issuers."
      DistributionPoint point = new DistributionPoint(pointName(header.freshestCrl()), null, null);
      extensions.addExtension(
          Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {point}));
    }
    return new DERTaggedObject(true, 0, extensions.generate()).getEncoded(ASN1Encoding.DER);
  }

  private static DistributionPointName pointName(String url) {
    return new DistributionPointName(
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url)));
  }

  /** The issuer's subjectKeyIdentifier, or the key identifier of RFC 5280 4.2.1.2 method (1). */
  private static byte[] keyIdentifier(X509CertificateHolder issuer) {
    SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(issuer.getExtensions());
    return ski != null
        ? ski.getKeyIdentifier()
        : CertificateMaker.keyIdentifier(issuer.getSubjectPublicKeyInfo());
  }

  /**
   * RFC 5280 5.1.2.4: "CRL issuers MUST encode thisUpdate as UTCTime for dates through the year
   * 2049. CRL issuers MUST encode thisUpdate as GeneralizedTime for dates in the year 2050 or
   * later." Whole seconds, Zulu, as 4.1.2.5.1 and 4.1.2.5.2 require.
   */
  private static int putTime(byte[] out, int at, Instant instant, boolean generalized) {
    LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = time.getYear();
    boolean utc = !generalized && year >= 1950 && year <= 2049;
    out[at++] = (byte) (utc ? 0x17 : 0x18);
    out[at++] = (byte) (utc ? 13 : 15);
    if (utc) {
      at = twoDigits(out, at, year % 100);
    } else {
      at = twoDigits(out, at, year / 100);
      at = twoDigits(out, at, year % 100);
    }
    at = twoDigits(out, at, time.getMonthValue());
    at = twoDigits(out, at, time.getDayOfMonth());
    at = twoDigits(out, at, time.getHour());
    at = twoDigits(out, at, time.getMinute());
    at = twoDigits(out, at, time.getSecond());
    out[at++] = 'Z';
    return at;
  }

  private static int timeLength(Instant instant) {
    int year = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC).getYear();
    return year >= 1950 && year <= 2049 ? 15 : 17;
  }

  private static int twoDigits(byte[] out, int at, int value) {
    out[at++] = (byte) ('0' + value / 10);
    out[at++] = (byte) ('0' + value % 10);
    return at;
  }

  /** The length of a whole TLV whose value has {@code contentLength} octets. */
  private static int headerLength(int contentLength) {
    return (int) headerLength((long) contentLength);
  }

  private static long headerLength(long contentLength) {
    return 1 + lengthOctets(contentLength).length + contentLength;
  }

  private static int putLength(byte[] out, int at, int length) {
    byte[] octets = lengthOctets(length);
    System.arraycopy(octets, 0, out, at, octets.length);
    return at + octets.length;
  }

  /** DER definite length: short form below 128, else 0x80 + the count of length octets. */
  private static byte[] lengthOctets(long length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    int count = (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
    byte[] octets = new byte[1 + count];
    octets[0] = (byte) (0x80 | count);
    for (int i = 0; i < count; i++) {
      octets[count - i] = (byte) (length >>> (8 * i));
    }
    return octets;
  }
}
