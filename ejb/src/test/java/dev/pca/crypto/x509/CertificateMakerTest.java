package dev.pca.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.crypto.x509.CertificateContentTest.Draft;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateMakerTest {
  private static TestPki.Chain chain;

  @BeforeAll
  static void makeChain() {
    chain = TestPki.chain();
  }

  @Test
  void subjectKeyIdentifier_isTheSha1OfTheSubjectPublicKeyBits() throws Exception {
    byte[] expected =
        new JcaX509ExtensionUtils()
            .createSubjectKeyIdentifier(chain.leaf().getSubjectPublicKeyInfo())
            .getKeyIdentifier();

    assertThat(TestPki.subjectKeyIdentifier(chain.leaf())).isEqualTo(expected);
    assertThat(CertificateMaker.keyIdentifier(chain.leaf().getSubjectPublicKeyInfo()))
        .isEqualTo(expected);
  }

  @Test
  void authorityKeyIdentifier_isTheIssuersSubjectKeyIdentifier() {
    byte[] issuers = TestPki.subjectKeyIdentifier(chain.intermediate());

    assertThat(extensionValue(chain.leaf(), Extension.authorityKeyIdentifier)).contains(issuers);
  }

  @Test
  void extensions_comeInTheDocumentedOrder() {
    List<ASN1ObjectIdentifier> order =
        Arrays.asList(chain.leaf().getExtensions().getExtensionOIDs());

    assertThat(order)
        .containsExactly(
            Extension.basicConstraints,
            Extension.keyUsage,
            Extension.extendedKeyUsage,
            Extension.subjectKeyIdentifier,
            Extension.authorityKeyIdentifier,
            Extension.subjectAlternativeName,
            Extension.cRLDistributionPoints,
            Extension.authorityInfoAccess);
  }

  @Test
  void ocspNoCheck_comesLastAsANonCriticalNull() {
    X509CertificateHolder responder =
        TestPki.sign(
            TestPki.responder(chain.intermediate(), TestPki.ec("secp256r1")),
            chain.intermediateKeys());

    List<ASN1ObjectIdentifier> order = Arrays.asList(responder.getExtensions().getExtensionOIDs());
    assertThat(order)
        .containsExactly(
            Extension.basicConstraints,
            Extension.keyUsage,
            Extension.extendedKeyUsage,
            Extension.subjectKeyIdentifier,
            Extension.authorityKeyIdentifier,
            OCSPObjectIdentifiers.id_pkix_ocsp_nocheck);
    Extension noCheck = responder.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck);
    assertThat(noCheck.isCritical()).isFalse();
    assertThat(noCheck.getParsedValue()).isEqualTo(DERNull.INSTANCE);
    assertThat(Lint.check(responder, chain.intermediate())).isEmpty();
    assertThat(chain.leaf().getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck)).isNull();
  }

  @Test
  void preview_hasTheTbsCertificateThatBuildSigns() throws IOException {
    CertificateContent content = TestPki.leaf(chain.intermediate(), chain.leafKeys()).content();
    ContentSigner signer = TestPki.signer(chain.intermediateKeys());

    X509CertificateHolder preview =
        CertificateMaker.preview(content, signer.getAlgorithmIdentifier());
    X509CertificateHolder signed = CertificateMaker.build(content, signer);

    assertThat(tbs(preview)).isEqualTo(tbs(signed));
    assertThat(preview.getSignature()).isNotEqualTo(signed.getSignature());
  }

  @Test
  void preview_isByteIdenticalWhenMadeTwiceFromTheSameContent() throws IOException {
    CertificateContent content = TestPki.leaf(chain.intermediate(), chain.leafKeys()).content();
    var algorithm = TestPki.signer(chain.intermediateKeys()).getAlgorithmIdentifier();

    assertThat(CertificateMaker.preview(content, algorithm).getEncoded())
        .isEqualTo(CertificateMaker.preview(content, algorithm).getEncoded());
  }

  @Test
  void preview_doesNotVerify() throws Exception {
    CertificateContent content = TestPki.leaf(chain.intermediate(), chain.leafKeys()).content();
    var algorithm = TestPki.signer(chain.intermediateKeys()).getAlgorithmIdentifier();
    X509Certificate preview = TestPki.x509(CertificateMaker.preview(content, algorithm));

    assertThatThrownBy(() -> preview.verify(chain.intermediateKeys().getPublic()))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void subjectAltName_isCriticalWhenTheSubjectIsEmpty() {
    X509CertificateHolder leaf =
        TestPki.sign(
            TestPki.leaf(chain.intermediate(), chain.leafKeys()).subject(new X500Name(new RDN[0])),
            chain.intermediateKeys());

    assertThat(leaf.getExtension(Extension.subjectAlternativeName).isCritical()).isTrue();
    assertThat(chain.leaf().getExtension(Extension.subjectAlternativeName).isCritical()).isFalse();
  }

  @Test
  void validity_isUtcTimeThrough2049AndGeneralizedTimeFrom2050() {
    X509CertificateHolder root =
        TestPki.sign(
            TestPki.root(chain.rootKeys()).notAfter(Instant.parse("2050-01-01T00:00:00Z")),
            chain.rootKeys());
    var tbs = root.toASN1Structure().getTBSCertificate();

    assertThat(tbs.getStartDate().toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
    assertThat(tbs.getEndDate().toASN1Primitive()).isInstanceOf(ASN1GeneralizedTime.class);
  }

  @Test
  void validity_dropsFractionsOfASecond() {
    Instant notBefore = TestPki.NOW.plusMillis(999);
    X509CertificateHolder root =
        TestPki.sign(TestPki.root(chain.rootKeys()).notBefore(notBefore), chain.rootKeys());

    assertThat(root.getNotBefore().toInstant()).isEqualTo(TestPki.NOW);
  }

  @Test
  void keyUsageZero_leavesTheExtensionOut() {
    X509CertificateHolder leaf =
        TestPki.sign(
            TestPki.leaf(chain.intermediate(), chain.leafKeys()).keyUsage(0),
            chain.intermediateKeys());

    assertThat(leaf.getExtension(Extension.keyUsage)).isNull();
  }

  private static byte[] extensionValue(X509CertificateHolder c, ASN1ObjectIdentifier oid) {
    return c.getExtension(oid).getExtnValue().getOctets();
  }

  private static byte[] tbs(X509CertificateHolder certificate) throws IOException {
    return certificate.toASN1Structure().getTBSCertificate().getEncoded();
  }

  /** Software keys, certificate drafts and a root-intermediate-leaf chain for the tests. */
  static final class TestPki {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final X500Name ROOT = new X500Name("CN=PCA Test Root,O=PCA Test");
    static final X500Name INTERMEDIATE = new X500Name("CN=PCA Test Intermediate,O=PCA Test");
    private static final SecureRandom RANDOM = new SecureRandom();

    record Chain(
        KeyPair rootKeys,
        X509CertificateHolder root,
        KeyPair intermediateKeys,
        X509CertificateHolder intermediate,
        KeyPair leafKeys,
        X509CertificateHolder leaf) {}

    record Run(int exitCode, String output) {}

    private TestPki() {}

    static Chain chain() {
      KeyPair rootKeys = ec("secp384r1");
      X509CertificateHolder root = sign(root(rootKeys), rootKeys);
      KeyPair intermediateKeys = ec("secp256r1");
      X509CertificateHolder intermediate = sign(intermediate(root, intermediateKeys), rootKeys);
      KeyPair leafKeys = ec("secp256r1");
      X509CertificateHolder leaf = sign(leaf(intermediate, leafKeys), intermediateKeys);
      return new Chain(rootKeys, root, intermediateKeys, intermediate, leafKeys, leaf);
    }

    static Draft root(KeyPair keys) {
      return new Draft()
          .issuer(ROOT)
          .subject(ROOT)
          .notBefore(NOW.minus(Duration.ofHours(1)))
          .notAfter(NOW.plus(Duration.ofDays(3650)))
          .publicKey(spki(keys))
          .ca(true)
          .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    static Draft intermediate(X509CertificateHolder issuer, KeyPair keys) {
      return new Draft()
          .issuer(issuer.getSubject())
          .subject(INTERMEDIATE)
          .notBefore(NOW.minus(Duration.ofMinutes(30)))
          .notAfter(NOW.plus(Duration.ofDays(1825)))
          .publicKey(spki(keys))
          .issuerKeyIdentifier(subjectKeyIdentifier(issuer))
          .ca(true)
          .pathLength(0)
          .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
          .crlDistributionPoints(List.of("http://crl.example.com/root.crl"))
          .caIssuersUrls(List.of("http://ca.example.com/root.cer"));
    }

    static Draft leaf(X509CertificateHolder issuer, KeyPair keys) {
      return new Draft()
          .issuer(issuer.getSubject())
          .subject(new X500Name("CN=www.example.com"))
          .notBefore(NOW.minus(Duration.ofMinutes(5)))
          .notAfter(NOW.plus(Duration.ofDays(90)))
          .publicKey(spki(keys))
          .issuerKeyIdentifier(subjectKeyIdentifier(issuer))
          .keyUsage(KeyUsage.digitalSignature)
          .extendedKeyUsage(List.of(KeyPurposeId.id_kp_serverAuth))
          .subjectAltNames(
              List.of(
                  new GeneralName(GeneralName.dNSName, "www.example.com"),
                  new GeneralName(GeneralName.dNSName, "example.com"),
                  new GeneralName(GeneralName.iPAddress, "192.0.2.10")))
          .crlDistributionPoints(List.of("http://crl.example.com/intermediate.crl"))
          .ocspUrls(List.of("http://ocsp.example.com"))
          .caIssuersUrls(List.of("http://ca.example.com/intermediate.cer"));
    }

    /** A delegated OCSP responder's certificate, as the CA makes them (RFC 6960 4.2.2.2). */
    static Draft responder(X509CertificateHolder issuer, KeyPair keys) {
      return new Draft()
          .issuer(issuer.getSubject())
          .subject(new X500Name("CN=OCSP Responder,O=PCA Test"))
          .notBefore(NOW.minus(Duration.ofMinutes(5)))
          .notAfter(NOW.plus(Duration.ofDays(7)))
          .publicKey(spki(keys))
          .issuerKeyIdentifier(subjectKeyIdentifier(issuer))
          .keyUsage(KeyUsage.digitalSignature)
          .extendedKeyUsage(List.of(KeyPurposeId.id_kp_OCSPSigning))
          .ocspNoCheck(true);
    }

    static X509CertificateHolder sign(Draft draft, KeyPair issuerKeys) {
      return CertificateMaker.build(draft.content(), signer(issuerKeys));
    }

    static X509CertificateHolder preview(Draft draft, KeyPair issuerKeys) {
      return CertificateMaker.preview(draft.content(), signer(issuerKeys).getAlgorithmIdentifier());
    }

    /** The lint's problems with the chain's leaf, after {@code change}, as a preview. */
    static List<String> lintLeaf(Chain chain, Consumer<Draft> change) {
      Draft draft = leaf(chain.intermediate(), chain.leafKeys());
      change.accept(draft);
      return Lint.check(preview(draft, chain.intermediateKeys()), chain.intermediate());
    }

    /** Re-signs a certificate of the chain after {@code change}: for what the maker never makes. */
    static X509CertificateHolder tamper(
        Chain chain, X509CertificateHolder certificate, Edit change) {
      X509v3CertificateBuilder builder = new X509v3CertificateBuilder(certificate);
      try {
        change.apply(builder);
      } catch (CertIOException e) {
        throw new IllegalStateException(e);
      }
      boolean byRoot = certificate.getIssuer().equals(chain.root().getSubject());
      return builder.build(signer(byRoot ? chain.rootKeys() : chain.intermediateKeys()));
    }

    interface Edit {
      void apply(X509v3CertificateBuilder builder) throws CertIOException;
    }

    static KeyPair ec(String curve) {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    static KeyPair rsa(int bits) {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** SHA-256 with the key's own signature scheme, on the JDK's providers. */
    static ContentSigner signer(KeyPair keys) {
      String algorithm =
          switch (keys.getPrivate().getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> keys.getPrivate().getAlgorithm();
          };
      return signer(keys, algorithm);
    }

    static ContentSigner signer(KeyPair keys, String algorithm) {
      try {
        return new JcaContentSignerBuilder(algorithm).build(keys.getPrivate());
      } catch (OperatorCreationException e) {
        throw new IllegalStateException(e);
      }
    }

    static SubjectPublicKeyInfo spki(KeyPair keys) {
      return SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    }

    static byte[] subjectKeyIdentifier(X509CertificateHolder certificate) {
      return Lint.subjectKeyIdentifier(certificate);
    }

    static X509Certificate x509(X509CertificateHolder holder) {
      try {
        return (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Runs a real tool in {@code dir}, with its output and errors together. */
    static Run run(Path dir, String... command) throws IOException {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      try {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IOException("timed out: " + String.join(" ", command));
        }
        return new Run(process.exitValue(), output);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }
}
