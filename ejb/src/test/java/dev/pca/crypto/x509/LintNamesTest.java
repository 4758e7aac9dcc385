package dev.pca.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.crypto.x509.CertificateContentTest.Draft;
import dev.pca.crypto.x509.CertificateMakerTest.TestPki;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lint rules on subject and subjectAltName names. */
class LintNamesTest {
  private static TestPki.Chain chain;

  @BeforeAll
  static void makeChain() {
    chain = TestPki.chain();
  }

  @Test
  void leafWithNeitherSubjectNorSubjectAltName_isAProblem() {
    assertThat(problemsOfLeaf(d -> d.subject(new X500Name(new RDN[0])).subjectAltNames(List.of())))
        .containsExactly("an end-entity certificate needs a subject or a subjectAltName");
  }

  @Test
  void leafWithASubjectAndNoSubjectAltName_isClean() {
    assertThat(problemsOfLeaf(d -> d.subjectAltNames(List.of()))).isEmpty();
  }

  @Test
  void emptySubjectWithASubjectAltNameThatIsNotCritical_isAProblem() {
    X509CertificateHolder leaf =
        tamper(
            TestPki.sign(
                TestPki.leaf(chain.intermediate(), chain.leafKeys())
                    .subject(new X500Name(new RDN[0])),
                chain.intermediateKeys()),
            b ->
                b.replaceExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "www.example.com"))));

    assertThat(Lint.check(leaf, chain.intermediate()))
        .containsExactly(
            "the subject is empty but subjectAltName is not critical (RFC 5280 4.2.1.6)");
  }

  @Test
  void emptySubjectAltName_isAProblem() {
    X509CertificateHolder leaf =
        tamper(
            chain.leaf(),
            b ->
                b.replaceExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[0])));

    assertThat(Lint.check(leaf, chain.intermediate()))
        .containsExactly("subjectAltName is empty (RFC 5280 4.2.1.6: at least one entry)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-bad.example.com",
        "bad-.example.com",
        "a..example.com",
        "example.com.",
        ".example.com",
        "*.*.example.com",
        "www.*.example.com",
        "w*.example.com",
        "*",
        "*.",
        "under_score.example.com",
        "space here.example.com",
        "bücher.example",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com"
      })
  void dnsNameThatIsNoHostName_isAProblem(String name) {
    assertThat(problemsOfLeaf(d -> d.subjectAltNames(List.of(dns(name)))))
        .anyMatch(p -> p.startsWith("subjectAltName dNSName is not a valid host name"));
  }

  @Test
  void dnsNameLongerThan253Characters_isAProblem() {
    String label = "a".repeat(63);
    String name = String.join(".", label, label, label, label.substring(0, 58)) + ".com";
    assertThat(name).hasSize(254);

    assertThat(problemsOfLeaf(d -> d.subjectAltNames(List.of(dns(name)))))
        .anyMatch(p -> p.startsWith("subjectAltName dNSName is not a valid host name"));
    assertThat(problemsOfLeaf(d -> d.subjectAltNames(List.of(dns(name.substring(1)))))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*.example.com",
        "xn--bcher-kva.example",
        "localhost",
        "a.b",
        "123.example.com",
        "MiXeD-Case.Example.COM"
      })
  void dnsNameInPreferredSyntax_isClean(String name) {
    assertThat(problemsOfLeaf(d -> d.subjectAltNames(List.of(dns(name))))).isEmpty();
  }

  @Test
  void ipAddressThatIsNeitherFourNorSixteenOctets_isAProblem() {
    GeneralName five = new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[5]));
    GeneralName v6 = new GeneralName(GeneralName.iPAddress, "2001:db8::1");

    assertThat(problemsOfLeaf(d -> d.subjectAltNames(List.of(five))))
        .containsExactly("subjectAltName iPAddress has 5 octets, not 4 or 16");
    assertThat(problemsOfLeaf(d -> d.subjectAltNames(List.of(v6)))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nobody", "a@b@example.com", "@example.com", "someone@", "x@-bad.com"})
  void rfc822NameThatIsNoMailbox_isAProblem(String mailbox) {
    GeneralName name = new GeneralName(GeneralName.rfc822Name, mailbox);

    assertThat(problemsOfLeaf(d -> d.subjectAltNames(List.of(name))))
        .anyMatch(p -> p.startsWith("subjectAltName rfc822Name is not a mailbox"));
  }

  @Test
  void rfc822NameThatIsAMailbox_isClean() {
    GeneralName name = new GeneralName(GeneralName.rfc822Name, "first.last@example.com");

    assertThat(problemsOfLeaf(d -> d.subjectAltNames(List.of(name)))).isEmpty();
  }

  private static List<String> problemsOfLeaf(Consumer<Draft> change) {
    return TestPki.lintLeaf(chain, change);
  }

  private static X509CertificateHolder tamper(
      X509CertificateHolder certificate, TestPki.Edit change) {
    return TestPki.tamper(chain, certificate, change);
  }

  private static GeneralName dns(String name) {
    return new GeneralName(GeneralName.dNSName, name);
  }
}
