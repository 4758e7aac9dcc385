package dev.pca.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.crypto.x509.CertificateMakerTest.TestPki;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrlWriterTest {
  private static final String URL = "http://pki.example.com/pki/crl/sub-1.crl";
  private static final String DELTA_URL = "http://pki.example.com/pki/crl/delta/sub-1.crl";
  // The CRL distribution point of TestPki's leaf.
  private static final String LEAF_URL = "http://crl.example.com/intermediate.crl";
  private static final Instant THIS_UPDATE = Instant.parse("2031-05-06T07:08:09Z");
  private static final Instant NEXT_UPDATE = Instant.parse("2031-05-07T07:08:09Z");
  private static final BigInteger KEY_COMPROMISED =
      new BigInteger("7f11223344556677889900aabbccddeeff001122", 16);
  private static final BigInteger HELD = new BigInteger("0a0b0c", 16);
  private static final BigInteger UNSPECIFIED = new BigInteger("ff", 16);

  private static TestPki.Chain chain;

  @TempDir Path work;

  @BeforeAll
  static void makeChain() {
    chain = TestPki.chain();
  }

  @Test
  void full_parsesWithBouncyCastleAndVerifiesWithTheIssuerKey() throws Exception {
    X509CRLHolder crl = new X509CRLHolder(full(chain.intermediateKeys(), chain.intermediate()));

    assertThat(crl.isSignatureValid(verifier(chain.intermediate()))).isTrue();
    assertThat(crl.isSignatureValid(verifier(chain.root()))).isFalse();
    assertThat(crl.toASN1Structure().getVersionNumber()).isEqualTo(2);
    assertThat(crl.getIssuer().getEncoded())
        .isEqualTo(
            chain.intermediate().toASN1Structure().getTBSCertificate().getSubject().getEncoded());
    assertThat(crl.getThisUpdate().toInstant()).isEqualTo(THIS_UPDATE);
    assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NEXT_UPDATE);
    assertThat(crl.getRevokedCertificates()).hasSize(3);
  }

  @Test
  void full_parsesWithJavaAndCarriesReasonsAndDates() throws Exception {
    X509CRL crl = javaCrl(full(chain.intermediateKeys(), chain.intermediate()));

    crl.verify(chain.intermediateKeys().getPublic());
    assertThat(crl.getVersion()).isEqualTo(2);
    assertThat(crl.getIssuerX500Principal().getEncoded())
        .isEqualTo(TestPki.x509(chain.intermediate()).getSubjectX500Principal().getEncoded());
    assertThat(crl.getRevokedCertificates()).hasSize(3);

    X509CRLEntry compromised = crl.getRevokedCertificate(KEY_COMPROMISED);
    assertThat(compromised.getRevocationDate())
        .isEqualTo(Date.from(Instant.parse("2031-05-01T00:00:00Z")));
    assertThat(compromised.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
    assertThat(invalidityDate(compromised)).isEqualTo(Instant.parse("2031-04-30T12:00:00Z"));

    X509CRLEntry held = crl.getRevokedCertificate(HELD);
    assertThat(held.getRevocationReason()).isEqualTo(CRLReason.CERTIFICATE_HOLD);
    assertThat(held.getExtensionValue(Extension.invalidityDate.getId())).isNull();

    // RFC 5280 5.3.1: rather no reasonCode than unspecified (0).
    X509CRLEntry unspecified = crl.getRevokedCertificate(UNSPECIFIED);
    assertThat(unspecified.hasExtensions()).isFalse();
    assertThat(unspecified.getRevocationReason()).isNull();
  }

  @Test
  void full_carriesAkiNumberCriticalIdpAndFreshestCrl() throws Exception {
    X509CRLHolder crl = new X509CRLHolder(full(chain.intermediateKeys(), chain.intermediate()));

    assertThat(AuthorityKeyIdentifier.fromExtensions(crl.getExtensions()).getKeyIdentifier())
        .isEqualTo(TestPki.subjectKeyIdentifier(chain.intermediate()));
    Extension number = crl.getExtension(Extension.cRLNumber);
    assertThat(number.isCritical()).isFalse();
    assertThat(CRLNumber.getInstance(number.getParsedValue()).getCRLNumber()).isEqualTo(42);

    Extension idp = crl.getExtension(Extension.issuingDistributionPoint);
    assertThat(idp.isCritical()).isTrue();
    IssuingDistributionPoint point = IssuingDistributionPoint.getInstance(idp.getParsedValue());
    assertThat(onlyUri(point.getDistributionPoint())).isEqualTo(URL);
    assertThat(point.onlyContainsUserCerts()).isFalse();
    assertThat(point.onlyContainsCACerts()).isFalse();
    assertThat(point.isIndirectCRL()).isFalse();

    Extension freshest = crl.getExtension(Extension.freshestCRL);
    assertThat(freshest.isCritical()).isFalse();
    var points = CRLDistPoint.getInstance(freshest.getParsedValue()).getDistributionPoints();
    assertThat(points).hasSize(1);
    assertThat(onlyUri(points[0].getDistributionPoint())).isEqualTo(DELTA_URL);
    assertThat(crl.getExtension(Extension.deltaCRLIndicator)).isNull();
    assertThat(crl.getExtensions().getExtensionOIDs())
        .containsExactly(
            Extension.authorityKeyIdentifier,
            Extension.cRLNumber,
            Extension.issuingDistributionPoint,
            Extension.freshestCRL);
  }

  @Test
  void delta_carriesCriticalIndicatorWithBaseSameIdpAndRemoveFromCrl() throws Exception {
    CrlWriter.Header header =
        new CrlWriter.Header(
            chain.intermediate(),
            BigInteger.valueOf(44),
            BigInteger.valueOf(41),
            THIS_UPDATE,
            NEXT_UPDATE,
            URL,
            null);
    byte[] der =
        write(
            header,
            chain.intermediateKeys(),
            List.of(
                new CrlWriter.Entry(
                    HELD, Instant.parse("2031-05-06T07:00:00Z"), CrlWriter.REMOVE_FROM_CRL, null),
                new CrlWriter.Entry(
                    KEY_COMPROMISED, Instant.parse("2031-05-06T06:00:00Z"), 4, null)));

    X509CRLHolder crl = new X509CRLHolder(der);
    assertThat(crl.isSignatureValid(verifier(chain.intermediate()))).isTrue();
    Extension indicator = crl.getExtension(Extension.deltaCRLIndicator);
    assertThat(indicator.isCritical()).isTrue();
    assertThat(ASN1Integer.getInstance(indicator.getParsedValue()).getValue()).isEqualTo(41);
    assertThat(crl.getExtension(Extension.freshestCRL)).isNull();
    assertThat(crl.getExtension(Extension.issuingDistributionPoint).getExtnValue())
        .isEqualTo(
            new X509CRLHolder(full(chain.intermediateKeys(), chain.intermediate()))
                .getExtension(Extension.issuingDistributionPoint)
                .getExtnValue());

    X509CRLEntryHolder released = crl.getRevokedCertificate(HELD);
    assertThat(
            ASN1Enumerated.getInstance(
                    released.getExtensions().getExtension(Extension.reasonCode).getParsedValue())
                .intValueExact())
        .isEqualTo(8);
    X509CRL java = javaCrl(der);
    java.verify(chain.intermediateKeys().getPublic());
    assertThat(java.getRevokedCertificate(HELD).getRevocationReason())
        .isEqualTo(CRLReason.REMOVE_FROM_CRL);
    assertThat(java.getRevokedCertificate(KEY_COMPROMISED).getRevocationReason())
        .isEqualTo(CRLReason.SUPERSEDED);
  }

  @Test
  void noEntries_leavesRevokedCertificatesOut() throws Exception {
    byte[] der = write(header(chain.root(), 1), chain.rootKeys(), List.of());

    X509CRL crl = javaCrl(der);
    crl.verify(chain.rootKeys().getPublic());
    assertThat(crl.getRevokedCertificates()).isNull();
    // version, signature, issuer, thisUpdate, nextUpdate, [0] crlExtensions: nothing else.
    ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Sequence.getInstance(der).getObjectAt(0));
    assertThat(tbs.size()).isEqualTo(6);
  }

  @Test
  void noDistributionPoint_leavesTheIdpOut() throws Exception {
    CrlWriter.Header header =
        new CrlWriter.Header(
            chain.root(), BigInteger.TWO, null, THIS_UPDATE, NEXT_UPDATE, null, DELTA_URL);

    X509CRLHolder crl = new X509CRLHolder(write(header, chain.rootKeys(), List.of()));

    assertThat(crl.isSignatureValid(verifier(chain.root()))).isTrue();
    assertThat(crl.getExtension(Extension.issuingDistributionPoint)).isNull();
    assertThat(crl.getExtension(Extension.freshestCRL)).isNotNull();
  }

  @Test
  void rsaIssuer_signsAndVerifies() throws Exception {
    KeyPair keys = TestPki.rsa(2048);
    X509CertificateHolder issuer = TestPki.sign(TestPki.root(keys), keys);

    X509CRL crl = javaCrl(full(keys, issuer));

    crl.verify(keys.getPublic());
    assertThat(crl.getSigAlgName()).isEqualTo("SHA256withRSA");
  }

  @Test
  void output_isDerThatReencodesToTheSameBytes() throws Exception {
    byte[] der = full(chain.intermediateKeys(), chain.intermediate());

    assertThat(CertificateList.getInstance(der).getEncoded(ASN1Encoding.DER)).isEqualTo(der);
  }

  @Test
  void size_isTheLengthWritten() throws Exception {
    try (CrlWriter writer = CrlWriter.open(header(chain.intermediate(), 42), work)) {
      for (int i = 1; i <= 1000; i++) {
        writer.add(new CrlWriter.Entry(BigInteger.valueOf(i).shiftLeft(150), THIS_UPDATE, 1, null));
      }
      CrlWriter.Signed signed = writer.sign(TestPki.signer(chain.intermediateKeys()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      signed.writeTo(out);

      assertThat((long) out.size()).isEqualTo(signed.size());
      assertThat(javaCrl(out.toByteArray()).getRevokedCertificates()).hasSize(1000);
    }
  }

  @Test
  void times_areUtcTimeThrough2049AndGeneralizedTimeFrom2050() throws Exception {
    Instant last = Instant.parse("2049-12-31T23:59:59Z");
    Instant first = Instant.parse("2050-01-01T00:00:00Z");
    CrlWriter.Header header =
        new CrlWriter.Header(
            chain.intermediate(), BigInteger.ONE, null, last, first, URL, DELTA_URL);
    byte[] der =
        write(
            header,
            chain.intermediateKeys(),
            List.of(
                new CrlWriter.Entry(HELD, last, 1, Instant.parse("2040-01-01T00:00:00Z")),
                new CrlWriter.Entry(UNSPECIFIED, first, 1, null)));

    ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Sequence.getInstance(der).getObjectAt(0));
    assertThat(tbs.getObjectAt(3).toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
    assertThat(tbs.getObjectAt(4).toASN1Primitive()).isInstanceOf(ASN1GeneralizedTime.class);
    ASN1Sequence entries = ASN1Sequence.getInstance(tbs.getObjectAt(5));
    ASN1Sequence through2049 = ASN1Sequence.getInstance(entries.getObjectAt(0));
    assertThat(through2049.getObjectAt(1).toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
    assertThat(ASN1Sequence.getInstance(entries.getObjectAt(1)).getObjectAt(1).toASN1Primitive())
        .isInstanceOf(ASN1GeneralizedTime.class);
    // RFC 5280 5.3.2: the invalidity date is a GeneralizedTime even before 2050.
    X509CRLEntry entry = javaCrl(der).getRevokedCertificate(HELD);
    byte[] invalidity = entry.getExtensionValue(Extension.invalidityDate.getId());
    assertThat(
            ASN1Primitive.fromByteArray(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(invalidity).getOctets()))
        .isInstanceOf(ASN1GeneralizedTime.class);
    assertThat(javaCrl(der).getThisUpdate()).isEqualTo(Date.from(last));
    assertThat(javaCrl(der).getNextUpdate()).isEqualTo(Date.from(first));
  }

  @Test
  void close_removesTheTemporaryFile() throws Exception {
    CrlWriter writer = CrlWriter.open(header(chain.intermediate(), 1), work);
    writer.add(new CrlWriter.Entry(HELD, THIS_UPDATE, 6, null));
    assertThat(Files.list(work)).hasSize(1);

    writer.close();

    assertThat(Files.list(work)).isEmpty();
  }

  @Test
  void header_refusesNextUpdateNotAfterThisUpdateAndADeltaWithFreshest() {
    assertThatThrownBy(
            () ->
                new CrlWriter.Header(
                    chain.intermediate(),
                    BigInteger.ONE,
                    null,
                    THIS_UPDATE,
                    THIS_UPDATE,
                    URL,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new CrlWriter.Header(
                    chain.intermediate(),
                    BigInteger.TWO,
                    BigInteger.ONE,
                    THIS_UPDATE,
                    NEXT_UPDATE,
                    URL,
                    DELTA_URL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entry_refusesNegativeSerialAndUnknownReason() {
    assertThatThrownBy(() -> new CrlWriter.Entry(BigInteger.valueOf(-1), THIS_UPDATE, 1, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CrlWriter.Entry(BigInteger.ONE, THIS_UPDATE, 7, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void opensslCrlCheck_seesTheRevokedLeafInScope() throws Exception {
    BigInteger leaf = chain.leaf().getSerialNumber();
    writeChainFiles();
    // A root's CRL has no IDP: it is complete for everything the root signed, the root included.
    writePem("root.crl.pem", live(chain.root(), chain.rootKeys(), null, 1, null, List.of()));
    writePem(
        "good.crl.pem",
        live(chain.intermediate(), chain.intermediateKeys(), LEAF_URL, 1, null, List.of()));
    writePem(
        "revoked.crl.pem",
        live(chain.intermediate(), chain.intermediateKeys(), LEAF_URL, 2, null, List.of(leaf)));

    assertThat(opensslVerify("-crl_check", "-CRLfile", "good.crl.pem").output())
        .contains("leaf.pem: OK");
    assertThat(
            opensslVerify("-crl_check_all", "-CRLfile", "good.crl.pem", "-CRLfile", "root.crl.pem")
                .output())
        .contains("leaf.pem: OK");
    TestPki.Run revoked = opensslVerify("-crl_check", "-CRLfile", "revoked.crl.pem");
    assertThat(revoked.exitCode()).isNotZero();
    assertThat(revoked.output()).contains("certificate revoked");
  }

  @Test
  void opensslUseDeltas_completesTheBaseWithTheDelta() throws Exception {
    BigInteger leaf = chain.leaf().getSerialNumber();
    writeChainFiles();
    writePem(
        "base.crl.pem",
        live(chain.intermediate(), chain.intermediateKeys(), LEAF_URL, 1, null, List.of()));
    writePem(
        "delta.crl.pem",
        live(chain.intermediate(), chain.intermediateKeys(), LEAF_URL, 3, 1L, List.of(leaf)));

    TestPki.Run withDelta =
        opensslVerify(
            "-crl_check", "-use_deltas", "-CRLfile", "base.crl.pem", "-CRLfile", "delta.crl.pem");
    assertThat(withDelta.exitCode()).as(withDelta.output()).isNotZero();
    assertThat(withDelta.output()).contains("certificate revoked");
    assertThat(opensslVerify("-crl_check", "-CRLfile", "base.crl.pem").output())
        .contains("leaf.pem: OK");
  }

  // ---- helpers ----

  /** A CRL valid now, whose IDP is {@code url}, revoking {@code serials} for keyCompromise. */
  private byte[] live(
      X509CertificateHolder issuer,
      KeyPair keys,
      String url,
      long number,
      Long base,
      List<BigInteger> serials)
      throws IOException {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    CrlWriter.Header header =
        new CrlWriter.Header(
            issuer,
            BigInteger.valueOf(number),
            base == null ? null : BigInteger.valueOf(base),
            now.minusSeconds(60),
            now.plusSeconds(3600),
            url,
            base == null ? "http://crl.example.com/delta.crl" : null);
    return write(
        header,
        keys,
        serials.stream().map(s -> new CrlWriter.Entry(s, now.minusSeconds(60), 1, null)).toList());
  }

  private void writeChainFiles() throws IOException {
    writePem("root.pem", "CERTIFICATE", chain.root().getEncoded());
    writePem("intermediate.pem", "CERTIFICATE", chain.intermediate().getEncoded());
    writePem("leaf.pem", "CERTIFICATE", chain.leaf().getEncoded());
  }

  private void writePem(String name, byte[] crl) throws IOException {
    writePem(name, "X509 CRL", crl);
  }

  private void writePem(String name, String type, byte[] der) throws IOException {
    String base64 =
        java.util.Base64.getMimeEncoder(
                64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(der);
    Files.writeString(
        work.resolve(name),
        "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n");
  }

  private TestPki.Run opensslVerify(String... options) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl", "verify"));
    command.addAll(List.of(options));
    command.addAll(List.of("-CAfile", "root.pem", "-untrusted", "intermediate.pem", "leaf.pem"));
    return TestPki.run(work, command.toArray(String[]::new));
  }

  private byte[] full(KeyPair keys, X509CertificateHolder issuer) throws IOException {
    return write(
        header(issuer, 42),
        keys,
        List.of(
            new CrlWriter.Entry(
                KEY_COMPROMISED,
                Instant.parse("2031-05-01T00:00:00Z"),
                1,
                Instant.parse("2031-04-30T12:00:00Z")),
            new CrlWriter.Entry(
                HELD, Instant.parse("2031-05-02T00:00:00Z"), CrlWriter.CERTIFICATE_HOLD, null),
            new CrlWriter.Entry(UNSPECIFIED, Instant.parse("2031-05-03T00:00:00Z"), 0, null)));
  }

  private static CrlWriter.Header header(X509CertificateHolder issuer, long number) {
    return new CrlWriter.Header(
        issuer, BigInteger.valueOf(number), null, THIS_UPDATE, NEXT_UPDATE, URL, DELTA_URL);
  }

  private byte[] write(CrlWriter.Header header, KeyPair keys, List<CrlWriter.Entry> entries)
      throws IOException {
    try (CrlWriter writer = CrlWriter.open(header, work)) {
      for (CrlWriter.Entry entry : entries) {
        writer.add(entry);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writer.sign(TestPki.signer(keys)).writeTo(out);
      return out.toByteArray();
    }
  }

  private static X509CRL javaCrl(byte[] der) throws Exception {
    return (X509CRL)
        CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
  }

  private static Instant invalidityDate(X509CRLEntry entry) throws Exception {
    byte[] value = entry.getExtensionValue(Extension.invalidityDate.getId());
    byte[] inner = org.bouncycastle.asn1.ASN1OctetString.getInstance(value).getOctets();
    return ASN1GeneralizedTime.getInstance(inner).getDate().toInstant();
  }

  private static String onlyUri(DistributionPointName name) {
    GeneralName[] names =
        org.bouncycastle.asn1.x509.GeneralNames.getInstance(name.getName()).getNames();
    assertThat(names).hasSize(1);
    assertThat(names[0].getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
    return names[0].getName().toString();
  }

  private static org.bouncycastle.operator.ContentVerifierProvider verifier(
      X509CertificateHolder issuer) throws Exception {
    return new JcaContentVerifierProviderBuilder().build(issuer);
  }
}
