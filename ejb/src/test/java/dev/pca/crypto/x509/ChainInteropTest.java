package dev.pca.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.crypto.x509.CertificateMakerTest.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificates the maker makes, as openssl and the JDK see them. */
class ChainInteropTest {
  private static TestPki.Chain chain;

  @TempDir Path dir;

  @BeforeAll
  static void makeChain() {
    chain = TestPki.chain();
  }

  @Test
  void chain_verifiesWithOpenssl() throws IOException {
    writeChain();

    TestPki.Run run =
        TestPki.run(
            dir,
            "openssl",
            "verify",
            "-CAfile",
            "root.pem",
            "-untrusted",
            "intermediate.pem",
            "leaf.pem");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("leaf.pem: OK");
  }

  @Test
  void chain_verifiesWithOpensslAsAStrictTlsServerChain() throws IOException {
    writeChain();

    TestPki.Run run =
        TestPki.run(
            dir,
            "openssl",
            "verify",
            "-x509_strict",
            "-purpose",
            "sslserver",
            "-CAfile",
            "root.pem",
            "-untrusted",
            "intermediate.pem",
            "leaf.pem");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("leaf.pem: OK");
  }

  @Test
  void chain_validatesWithJavaPkix() throws GeneralSecurityException {
    X509Certificate root = TestPki.x509(chain.root());
    CertPath path =
        CertificateFactory.getInstance("X.509")
            .generateCertPath(
                List.of(TestPki.x509(chain.leaf()), TestPki.x509(chain.intermediate())));
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false);

    PKIXCertPathValidatorResult result =
        (PKIXCertPathValidatorResult)
            CertPathValidator.getInstance("PKIX").validate(path, parameters);

    assertThat(result.getPublicKey()).isEqualTo(chain.leafKeys().getPublic());
  }

  @Test
  void leaf_showsItsExtensionsAndCriticalityInOpensslText() throws IOException {
    String text = opensslText(chain.leaf());

    assertThat(text)
        .contains("Version: 3 (0x2)")
        .contains("X509v3 Basic Constraints: critical\n                CA:FALSE")
        .contains("X509v3 Key Usage: critical\n                Digital Signature\n")
        .contains("X509v3 Extended Key Usage: \n                TLS Web Server Authentication")
        .contains("X509v3 Subject Key Identifier: \n")
        .contains("X509v3 Authority Key Identifier: \n")
        .contains("X509v3 Subject Alternative Name: \n")
        .contains("DNS:www.example.com, DNS:example.com, IP Address:192.0.2.10")
        .contains("X509v3 CRL Distribution Points: \n")
        .contains("URI:http://crl.example.com/intermediate.crl")
        .contains("Authority Information Access: \n")
        .contains("OCSP - URI:http://ocsp.example.com")
        .contains("CA Issuers - URI:http://ca.example.com/intermediate.cer");
  }

  @Test
  void intermediate_showsACriticalCaConstraintWithPathLengthInOpensslText() throws IOException {
    String text = opensslText(chain.intermediate());

    assertThat(text)
        .contains("X509v3 Basic Constraints: critical\n                CA:TRUE, pathlen:0")
        .contains("X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign")
        .doesNotContain("Extended Key Usage")
        .doesNotContain("Subject Alternative Name");
  }

  @Test
  void root_hasNoPathLengthAndNamesItselfAsAuthority() throws IOException {
    String text = opensslText(chain.root());

    assertThat(text).contains("X509v3 Basic Constraints: critical\n                CA:TRUE\n");
    assertThat(extensionValue(chain.root(), Extension.authorityKeyIdentifier))
        .contains(TestPki.subjectKeyIdentifier(chain.root()));
  }

  private void writeChain() throws IOException {
    Files.writeString(dir.resolve("root.pem"), Pem.certificate(chain.root()));
    Files.writeString(dir.resolve("intermediate.pem"), Pem.certificate(chain.intermediate()));
    Files.writeString(dir.resolve("leaf.pem"), Pem.certificate(chain.leaf()));
  }

  private String opensslText(X509CertificateHolder certificate) throws IOException {
    Files.writeString(dir.resolve("cert.pem"), Pem.certificate(certificate));
    TestPki.Run run = TestPki.run(dir, "openssl", "x509", "-noout", "-text", "-in", "cert.pem");
    assertThat(run.exitCode()).as(run.output()).isZero();
    return run.output();
  }

  private static byte[] extensionValue(X509CertificateHolder c, ASN1ObjectIdentifier oid) {
    return c.getExtension(oid).getExtnValue().getOctets();
  }
}
