package dev.pca.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.crypto.x509.CertificateContentTest.Draft;
import dev.pca.crypto.x509.CertificateMakerTest.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LintTest {
  private static TestPki.Chain chain;

  @BeforeAll
  static void makeChain() {
    chain = TestPki.chain();
  }

  @Test
  void cleanChain_hasNoProblems() {
    assertThat(Lint.check(chain.root(), null)).isEmpty();
    assertThat(Lint.check(chain.intermediate(), chain.root())).isEmpty();
    assertThat(Lint.check(chain.leaf(), chain.intermediate())).isEmpty();
  }

  @Test
  void cleanLeafPreview_hasNoProblems() {
    assertThat(problemsOfLeaf(d -> {})).isEmpty();
  }

  @Test
  void version1_isAProblem() throws Exception {
    X509CertificateHolder v1 =
        new X509v1CertificateBuilder(
                chain.intermediate().getSubject(),
                BigInteger.TEN,
                Date.from(TestPki.NOW),
                Date.from(TestPki.NOW.plus(Duration.ofDays(1))),
                new X500Name("CN=v1"),
                TestPki.spki(chain.leafKeys()))
            .build(TestPki.signer(chain.intermediateKeys()));

    assertThat(Lint.check(v1, chain.intermediate())).anyMatch(p -> p.startsWith("version is 1"));
  }

  @Test
  void serialThatIsNotPositive_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.serial(BigInteger.valueOf(-5))))
        .contains("serial number is not positive (RFC 5280 4.1.2.2)");
    assertThat(problemsOfLeaf(d -> d.serial(BigInteger.ZERO)))
        .contains("serial number is not positive (RFC 5280 4.1.2.2)");
  }

  @Test
  void serialLongerThanTwentyOctets_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.serial(BigInteger.ONE.shiftLeft(159))))
        .contains("serial number is longer than 20 octets (RFC 5280 4.1.2.2)");
  }

  @Test
  void notBeforeAfterNotAfter_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.notAfter(TestPki.NOW.minus(Duration.ofDays(1)))))
        .contains("notBefore is not before notAfter (RFC 5280 4.1.2.5)");
  }

  @Test
  void validityBeyondTheIssuer_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.notAfter(TestPki.NOW.plus(Duration.ofDays(4000)))))
        .anyMatch(p -> p.startsWith("notAfter is after the issuer's notAfter"));
    assertThat(problemsOfLeaf(d -> d.notBefore(TestPki.NOW.minus(Duration.ofDays(1)))))
        .contains("notBefore is before the issuer's notBefore");
  }

  @Test
  void issuerNameOfAnotherCa_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.issuer(new X500Name("CN=Somebody Else"))))
        .contains("issuer name does not match the issuer certificate's subject byte for byte");
  }

  @Test
  void issuerNameThatMatchesOnlyAfterNormalising_isAProblem() {
    // Same name, but as PrintableString where the issuer's subject has UTF8String.
    X500Name printable =
        new X500NameBuilder()
            .addRDN(BCStyle.CN, new DERPrintableString("PCA Test Intermediate"))
            .addRDN(BCStyle.O, new DERPrintableString("PCA Test"))
            .build();
    assertThat(printable).isEqualTo(chain.intermediate().getSubject());

    assertThat(problemsOfLeaf(d -> d.issuer(printable)))
        .contains("issuer name does not match the issuer certificate's subject byte for byte");
  }

  @Test
  void selfSignedWithAnotherIssuerName_isAProblem() {
    Draft root = TestPki.root(chain.rootKeys()).issuer(new X500Name("CN=Not Me"));

    assertThat(Lint.check(TestPki.preview(root, chain.rootKeys()), null))
        .contains("issuer name does not match the issuer certificate's subject byte for byte");
  }

  @Test
  void missingSubjectKeyIdentifier_isAProblem() {
    X509CertificateHolder leaf =
        tamper(chain.leaf(), b -> b.removeExtension(Extension.subjectKeyIdentifier));

    assertThat(Lint.check(leaf, chain.intermediate()))
        .containsExactly("subjectKeyIdentifier is missing (RFC 5280 4.2.1.2)");
  }

  @Test
  void missingAuthorityKeyIdentifier_isAProblem() {
    X509CertificateHolder leaf =
        tamper(chain.leaf(), b -> b.removeExtension(Extension.authorityKeyIdentifier));

    assertThat(Lint.check(leaf, chain.intermediate()))
        .containsExactly("authorityKeyIdentifier keyIdentifier is missing (RFC 5280 4.2.1.1)");
  }

  @Test
  void authorityKeyIdentifierOfAnotherKey_isAProblem() {
    byte[] rootIdentifier = TestPki.subjectKeyIdentifier(chain.root());

    assertThat(problemsOfLeaf(d -> d.issuerKeyIdentifier(rootIdentifier)))
        .containsExactly("authorityKeyIdentifier does not match the issuer's subjectKeyIdentifier");
  }

  @Test
  void repeatedExtension_isAProblem() throws IOException {
    byte[] twice = withFirstExtensionTwice(chain.leaf());

    assertThat(Lint.check(twice, chain.intermediate()))
        .containsExactly("extension 2.5.29.19 appears more than once (RFC 5280 4.2)");
    assertThat(Lint.check(chain.leaf().getEncoded(), chain.intermediate())).isEmpty();
    assertThat(Lint.check(Pem.certificate(chain.leaf()).getBytes(), chain.intermediate()))
        .isEmpty();
  }

  @Test
  void bytesThatAreNoCertificate_areAProblem() {
    assertThat(Lint.check(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, chain.intermediate()))
        .containsExactly("the certificate cannot be parsed");
  }

  @Test
  void signatureAlgorithmForAnotherKeyType_isAProblem() {
    AlgorithmIdentifier rsa = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withRSA");
    X509CertificateHolder leaf =
        CertificateMaker.preview(
            TestPki.leaf(chain.intermediate(), chain.leafKeys()).content(), rsa);

    assertThat(Lint.check(leaf, chain.intermediate()))
        .containsExactly("signature algorithm is for RSA keys but the issuer's key is EC");
  }

  @Test
  void sha1Signature_isAProblem() {
    AlgorithmIdentifier sha1 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA1);
    X509CertificateHolder leaf =
        CertificateMaker.preview(
            TestPki.leaf(chain.intermediate(), chain.leafKeys()).content(), sha1);

    assertThat(Lint.check(leaf, chain.intermediate()))
        .containsExactly("signature algorithm 1.2.840.10045.4.1 is not accepted (SHA-2 only)");
  }

  @Test
  void signatureAlgorithmThatDiffersFromTheTbsSignatureField_isAProblem() {
    Certificate structure = chain.leaf().toASN1Structure();
    Certificate mixed =
        Certificate.getInstance(
            new DERSequence(
                new ASN1Encodable[] {
                  structure.getTBSCertificate(),
                  new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384),
                  structure.getSignature()
                }));

    assertThat(Lint.check(new X509CertificateHolder(mixed), chain.intermediate()))
        .containsExactly(
            "signatureAlgorithm differs from the TBSCertificate signature (RFC 5280 4.1.1.2)");
  }

  @Test
  void rsaKeyOf1024Bits_isAProblem() {
    KeyPair small = TestPki.rsa(1024);

    assertThat(problemsOfLeaf(d -> d.publicKey(TestPki.spki(small))))
        .containsExactly("subject public key: RSA keys have 2048 to 16384 bits, not 1024");
  }

  @Test
  void ecKeyOnACurveOtherThanTheNistOnes_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.publicKey(secp256k1Key())))
        .containsExactly("subject public key: EC keys must be on P-256, P-384 or P-521");
  }

  @Test
  void rsaLeafUnderAnEcIssuer_isClean() {
    KeyPair rsa = TestPki.rsa(2048);

    assertThat(
            problemsOfLeaf(
                d ->
                    d.publicKey(TestPki.spki(rsa))
                        .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment)))
        .isEmpty();
  }

  @Test
  void issuerThatIsNotACa_isAProblem() {
    KeyPair keys = TestPki.ec("secp256r1");
    Draft underLeaf =
        TestPki.leaf(chain.leaf(), keys).notAfter(TestPki.NOW.plus(Duration.ofDays(30)));

    assertThat(Lint.check(TestPki.preview(underLeaf, chain.leafKeys()), chain.leaf()))
        .containsExactly(
            "the issuer certificate is not a CA (RFC 5280 6.1.4 (k))",
            "the issuer certificate lacks keyCertSign (RFC 5280 6.1.4 (n))");
  }

  @Test
  void issuerWithoutKeyCertSign_isAProblem() {
    X509CertificateHolder issuer =
        tamper(
            chain.intermediate(),
            b -> b.replaceExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.cRLSign)));

    assertThat(Lint.check(chain.leaf(), issuer))
        .containsExactly("the issuer certificate lacks keyCertSign (RFC 5280 6.1.4 (n))");
  }

  @Test
  void malformedExtension_isAProblemNotAnException() {
    X509CertificateHolder leaf =
        tamper(
            chain.leaf(),
            b -> b.replaceExtension(Extension.basicConstraints, true, new ASN1Integer(7)));

    assertThat(Lint.check(leaf, chain.intermediate()))
        .contains("basic constraints: an extension it needs is malformed");
  }

  /** A key on secp256k1, which the JDK no longer has: made from the curve's generator. */
  private static SubjectPublicKeyInfo secp256k1Key() {
    X9ECParameters curve = ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256k1);
    byte[] point = curve.getG().multiply(BigInteger.valueOf(12345)).getEncoded(false);
    return new SubjectPublicKeyInfo(
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256k1),
        point);
  }

  /** The certificate's DER with its first extension twice, which no parser here accepts. */
  private static byte[] withFirstExtensionTwice(X509CertificateHolder certificate)
      throws IOException {
    Certificate structure = certificate.toASN1Structure();
    ASN1EncodableVector tbs = new ASN1EncodableVector();
    for (ASN1Encodable field : ASN1Sequence.getInstance(structure.getTBSCertificate())) {
      if (field instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 3) {
        ASN1Sequence extensions = ASN1Sequence.getInstance(tagged, true);
        ASN1EncodableVector doubled = new ASN1EncodableVector();
        doubled.add(extensions.getObjectAt(0));
        extensions.forEach(doubled::add);
        tbs.add(new DERTaggedObject(true, 3, new DERSequence(doubled)));
      } else {
        tbs.add(field);
      }
    }
    return new DERSequence(
            new ASN1Encodable[] {
              new DERSequence(tbs), structure.getSignatureAlgorithm(), structure.getSignature()
            })
        .getEncoded();
  }

  private static List<String> problemsOfLeaf(Consumer<Draft> change) {
    return TestPki.lintLeaf(chain, change);
  }

  private static X509CertificateHolder tamper(
      X509CertificateHolder certificate, TestPki.Edit change) {
    return TestPki.tamper(chain, certificate, change);
  }
}
