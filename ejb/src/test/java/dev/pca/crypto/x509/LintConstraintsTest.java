package dev.pca.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.crypto.x509.CertificateContentTest.Draft;
import dev.pca.crypto.x509.CertificateMakerTest.TestPki;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lint rules on basicConstraints, keyUsage and extendedKeyUsage. */
class LintConstraintsTest {
  private static TestPki.Chain chain;

  @BeforeAll
  static void makeChain() {
    chain = TestPki.chain();
  }

  @Test
  void missingBasicConstraints_isAProblem() {
    X509CertificateHolder leaf =
        tamper(chain.leaf(), b -> b.removeExtension(Extension.basicConstraints));

    assertThat(Lint.check(leaf, chain.intermediate()))
        .containsExactly("basicConstraints is missing (RFC 5280 4.2.1.9)");
  }

  @Test
  void basicConstraintsThatAreNotCritical_isAProblem() {
    X509CertificateHolder leaf =
        tamper(
            chain.leaf(),
            b ->
                b.replaceExtension(Extension.basicConstraints, false, new BasicConstraints(false)));

    assertThat(Lint.check(leaf, chain.intermediate()))
        .containsExactly("basicConstraints is not critical (RFC 5280 4.2.1.9)");
  }

  @Test
  void caWithoutKeyCertSign_isAProblem() {
    List<String> problems =
        Lint.check(
            TestPki.preview(
                TestPki.intermediate(chain.root(), chain.intermediateKeys())
                    .keyUsage(KeyUsage.cRLSign),
                chain.rootKeys()),
            chain.root());

    assertThat(problems)
        .contains(
            "cA is asserted without keyCertSign: only a CA that signs certificates is a CA",
            "pathLenConstraint without cA and keyCertSign (RFC 5280 4.2.1.9)");
  }

  @Test
  void caWithoutCrlSign_isAProblem() {
    List<String> problems =
        Lint.check(
            TestPki.preview(
                TestPki.intermediate(chain.root(), chain.intermediateKeys())
                    .keyUsage(KeyUsage.keyCertSign),
                chain.rootKeys()),
            chain.root());

    assertThat(problems)
        .containsExactly("a CA certificate lacks cRLSign: its CA could not sign its CRLs");
  }

  @Test
  void caWithKeyUsageThatIsNotCritical_isAProblem() {
    X509CertificateHolder intermediate =
        tamper(
            chain.intermediate(),
            b ->
                b.replaceExtension(
                    Extension.keyUsage,
                    false,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));

    assertThat(Lint.check(intermediate, chain.root()))
        .containsExactly("keyUsage of a CA certificate is not critical (RFC 5280 4.2.1.3)");
  }

  @Test
  void caWithoutKeyUsage_isAProblem() {
    List<String> problems =
        Lint.check(
            TestPki.preview(
                TestPki.intermediate(chain.root(), chain.intermediateKeys()).keyUsage(0),
                chain.rootKeys()),
            chain.root());

    assertThat(problems)
        .contains(
            "a CA certificate needs keyUsage with keyCertSign and cRLSign (RFC 5280 4.2.1.3)");
  }

  @Test
  void caWithAnEmptySubject_isAProblem() {
    List<String> problems =
        Lint.check(
            TestPki.preview(
                TestPki.intermediate(chain.root(), chain.intermediateKeys())
                    .subject(new X500Name(new RDN[0])),
                chain.rootKeys()),
            chain.root());

    assertThat(problems).contains("a CA certificate has an empty subject (RFC 5280 4.1.2.6)");
  }

  @Test
  void leafWithKeyCertSign_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)))
        .containsExactly("an end-entity certificate asserts keyCertSign (RFC 5280 4.2.1.9)");
  }

  @Test
  void leafWithCrlSign_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign)))
        .containsExactly("an end-entity certificate asserts cRLSign");
  }

  @Test
  void leafThatAssertsCa_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.ca(true)))
        .contains("cA is asserted without keyCertSign: only a CA that signs certificates is a CA");
  }

  @Test
  void caIssuedByAnIssuerWithPathLengthZero_isAProblem() {
    KeyPair keys = TestPki.ec("secp256r1");
    Draft subordinate =
        TestPki.intermediate(chain.intermediate(), keys)
            .subject(new X500Name("CN=Too Deep"))
            .pathLength(null)
            .notAfter(TestPki.NOW.plus(Duration.ofDays(365)));

    assertThat(
            Lint.check(
                TestPki.preview(subordinate, chain.intermediateKeys()), chain.intermediate()))
        .containsExactly(
            "the issuer has pathLen 0 and must not issue CA certificates (RFC 5280 4.2.1.9)");
  }

  @Test
  void caUnderAnIssuerWithPathLengthOne_needsAPathLengthOfZero() {
    KeyPair keys = TestPki.ec("secp256r1");
    X509CertificateHolder issuer =
        TestPki.sign(
            TestPki.intermediate(chain.root(), chain.intermediateKeys()).pathLength(1),
            chain.rootKeys());
    Draft subordinate =
        TestPki.intermediate(issuer, keys)
            .subject(new X500Name("CN=Subordinate"))
            .notAfter(TestPki.NOW.plus(Duration.ofDays(365)));

    assertThat(
            Lint.check(
                TestPki.preview(subordinate.pathLength(0), chain.intermediateKeys()), issuer))
        .isEmpty();
    assertThat(
            Lint.check(
                TestPki.preview(subordinate.pathLength(1), chain.intermediateKeys()), issuer))
        .containsExactly("pathLen must be at most 0 under an issuer with pathLen 1");
    assertThat(
            Lint.check(
                TestPki.preview(subordinate.pathLength(null), chain.intermediateKeys()), issuer))
        .containsExactly("pathLen must be at most 0 under an issuer with pathLen 1");
  }

  @Test
  void serverAuthWithoutASignatureOrKeyExchangeUsage_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.keyUsage(KeyUsage.nonRepudiation)))
        .containsExactly(
            "serverAuth/clientAuth needs digitalSignature, keyEncipherment or keyAgreement"
                + " (RFC 5280 4.2.1.12)");
    assertThat(
            problemsOfLeaf(
                d ->
                    d.keyUsage(KeyUsage.nonRepudiation)
                        .extendedKeyUsage(List.of(KeyPurposeId.id_kp_clientAuth))))
        .hasSize(1);
    assertThat(problemsOfLeaf(d -> d.keyUsage(KeyUsage.keyAgreement))).isEmpty();
  }

  @Test
  void ecKeyWithKeyEncipherment_isAProblem() {
    assertThat(
            problemsOfLeaf(d -> d.keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment)))
        .containsExactly(
            "an EC key cannot encipher: keyEncipherment/dataEncipherment (RFC 5480 3)");
  }

  @Test
  void emptyExtendedKeyUsage_isAProblem() {
    X509CertificateHolder leaf =
        tamper(
            chain.leaf(),
            b ->
                b.replaceExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[0])));

    assertThat(Lint.check(leaf, chain.intermediate()))
        .contains("extendedKeyUsage is empty (RFC 5280 4.2.1.12)");
  }

  @Test
  void ocspNoCheck_onACertificateThatSignsNoOcsp_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.ocspNoCheck(true)))
        .containsExactly(
            "id-pkix-ocsp-nocheck on a certificate that is no OCSP responder's (RFC 6960)");
  }

  @Test
  void ocspSigning_withoutDigitalSignatureOrNonRepudiation_isAProblem() {
    List<String> problems =
        Lint.check(
            TestPki.preview(
                TestPki.responder(chain.intermediate(), TestPki.ec("secp256r1"))
                    .keyUsage(KeyUsage.keyAgreement),
                chain.intermediateKeys()),
            chain.intermediate());

    assertThat(problems)
        .containsExactly(
            "id-kp-OCSPSigning needs digitalSignature or nonRepudiation (RFC 5280 4.2.1.12)");
  }

  @Test
  void ocspNoCheck_criticalOrNotNull_isAProblem() {
    X509CertificateHolder responder =
        TestPki.sign(
            TestPki.responder(chain.intermediate(), TestPki.ec("secp256r1")),
            chain.intermediateKeys());

    X509CertificateHolder critical =
        tamper(
            responder,
            b ->
                b.replaceExtension(
                    OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, true, DERNull.INSTANCE));
    X509CertificateHolder notNull =
        tamper(
            responder,
            b ->
                b.replaceExtension(
                    OCSPObjectIdentifiers.id_pkix_ocsp_nocheck,
                    false,
                    new DEROctetString(new byte[1])));

    assertThat(Lint.check(responder, chain.intermediate())).isEmpty();
    assertThat(Lint.check(critical, chain.intermediate()))
        .containsExactly(
            "id-pkix-ocsp-nocheck is critical (RFC 6960 4.2.2.2.1: SHOULD be non-critical)");
    assertThat(Lint.check(notNull, chain.intermediate()))
        .containsExactly("id-pkix-ocsp-nocheck is not NULL (RFC 6960 4.2.2.2.1)");
  }

  private static List<String> problemsOfLeaf(Consumer<Draft> change) {
    return TestPki.lintLeaf(chain, change);
  }

  private static X509CertificateHolder tamper(
      X509CertificateHolder certificate, TestPki.Edit change) {
    return TestPki.tamper(chain, certificate, change);
  }
}
