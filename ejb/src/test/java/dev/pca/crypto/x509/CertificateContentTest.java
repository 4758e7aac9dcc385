package dev.pca.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.crypto.x509.CertificateMakerTest.TestPki;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateContentTest {
  private static TestPki.Chain chain;

  @BeforeAll
  static void makeChain() {
    chain = TestPki.chain();
  }

  @Test
  void content_refusesAPathLengthOnAnEndEntity() {
    assertThatThrownBy(
            () -> TestPki.leaf(chain.intermediate(), chain.leafKeys()).pathLength(0).content())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void content_refusesBitsThatAreNoKeyUsage() {
    assertThatThrownBy(
            () -> TestPki.leaf(chain.intermediate(), chain.leafKeys()).keyUsage(1 << 9).content())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void content_refusesUrlsThatAreNotAscii() {
    assertThatThrownBy(
            () ->
                TestPki.leaf(chain.intermediate(), chain.leafKeys())
                    .ocspUrls(List.of("http://ocsp.exämple.com"))
                    .content())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void content_keepsItsOwnCopyOfTheIssuerKeyIdentifier() {
    byte[] identifier = TestPki.subjectKeyIdentifier(chain.intermediate());
    Draft draft =
        TestPki.leaf(chain.intermediate(), chain.leafKeys()).issuerKeyIdentifier(identifier);
    CertificateContent content = draft.content();

    identifier[0] ^= 1;
    content.issuerKeyIdentifier()[1] ^= 1;

    assertThat(content.issuerKeyIdentifier())
        .isEqualTo(TestPki.subjectKeyIdentifier(chain.intermediate()));
    CertificateContent same =
        draft.issuerKeyIdentifier(TestPki.subjectKeyIdentifier(chain.intermediate())).content();
    assertThat(content).isEqualTo(same).hasSameHashCodeAs(same);
  }

  /** A mutable stand-in for {@link CertificateContent}, so each test changes one thing. */
  static final class Draft {
    private X500Name issuer;
    private X500Name subject;
    private BigInteger serial = CertificateMaker.newSerial(new SecureRandom()).value();
    private Instant notBefore;
    private Instant notAfter;
    private SubjectPublicKeyInfo publicKey;
    private byte[] issuerKeyIdentifier;
    private boolean ca;
    private Integer pathLength;
    private int keyUsage;
    private List<KeyPurposeId> extendedKeyUsage = List.of();
    private List<GeneralName> subjectAltNames = List.of();
    private List<String> crlDistributionPoints = List.of();
    private List<String> ocspUrls = List.of();
    private List<String> caIssuersUrls = List.of();
    private boolean ocspNoCheck;

    CertificateContent content() {
      return new CertificateContent(
          issuer,
          subject,
          serial,
          notBefore,
          notAfter,
          publicKey,
          issuerKeyIdentifier,
          ca,
          pathLength,
          keyUsage,
          extendedKeyUsage,
          subjectAltNames,
          crlDistributionPoints,
          ocspUrls,
          caIssuersUrls,
          ocspNoCheck);
    }

    Draft issuer(X500Name value) {
      issuer = value;
      return this;
    }

    Draft subject(X500Name value) {
      subject = value;
      return this;
    }

    Draft serial(BigInteger value) {
      serial = value;
      return this;
    }

    Draft notBefore(Instant value) {
      notBefore = value;
      return this;
    }

    Draft notAfter(Instant value) {
      notAfter = value;
      return this;
    }

    Draft publicKey(SubjectPublicKeyInfo value) {
      publicKey = value;
      return this;
    }

    Draft issuerKeyIdentifier(byte[] value) {
      issuerKeyIdentifier = value;
      return this;
    }

    Draft ca(boolean value) {
      ca = value;
      return this;
    }

    Draft pathLength(Integer value) {
      pathLength = value;
      return this;
    }

    Draft keyUsage(int value) {
      keyUsage = value;
      return this;
    }

    Draft extendedKeyUsage(List<KeyPurposeId> value) {
      extendedKeyUsage = value;
      return this;
    }

    Draft subjectAltNames(List<GeneralName> value) {
      subjectAltNames = value;
      return this;
    }

    Draft crlDistributionPoints(List<String> value) {
      crlDistributionPoints = value;
      return this;
    }

    Draft ocspUrls(List<String> value) {
      ocspUrls = value;
      return this;
    }

    Draft caIssuersUrls(List<String> value) {
      caIssuersUrls = value;
      return this;
    }

    Draft ocspNoCheck(boolean value) {
      ocspNoCheck = value;
      return this;
    }
  }
}
