package dev.pca.application.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.crypto.KeyAlias;
import dev.pca.crypto.x509.CertificateContent;
import dev.pca.crypto.x509.CertificateMaker;
import dev.pca.crypto.x509.Lint;
import dev.pca.domain.model.issuer.Issuer;
import dev.pca.domain.model.repository.Repository;
import dev.pca.domain.model.repository.RevocationSettings;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The delegated OCSP responder certificate the core makes for an issuer, before it is signed. */
class ResponderIssuanceTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final KeyPair CA_KEYS = ec();

  @Test
  void content_isADelegatedResponderThatPassesTheLint() throws Exception {
    X509CertificateHolder ca =
        caCertificate(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365)));

    X509CertificateHolder responder =
        signed(ResponderIssuance.content(issuer(ca), ca, ec().getPublic(), NOW));

    assertThat(Lint.check(responder, ca)).isEmpty();
    assertThat(responder.getIssuer()).isEqualTo(ca.getSubject());
    assertThat(KeyUsage.fromExtensions(responder.getExtensions()))
        .isEqualTo(new KeyUsage(KeyUsage.digitalSignature));
    assertThat(ExtendedKeyUsage.fromExtensions(responder.getExtensions()).getUsages())
        .containsExactly(KeyPurposeId.id_kp_OCSPSigning);
    assertThat(responder.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck).getParsedValue())
        .isEqualTo(DERNull.INSTANCE);
    assertThat(responder.getExtension(Extension.cRLDistributionPoints)).isNull();
    assertThat(responder.getExtension(Extension.authorityInfoAccess)).isNull();
    assertThat(responder.getNotAfter().toInstant()).isEqualTo(NOW.plus(ResponderIssuance.VALIDITY));
    assertThat(responder.getNotBefore().toInstant()).isBefore(NOW);
  }

  @Test
  void content_neverOutlivesNorPrecedesItsIssuer() throws Exception {
    Instant issuerStart = NOW.minusSeconds(60);
    Instant issuerEnd = NOW.plus(Duration.ofDays(3));
    X509CertificateHolder ca = caCertificate(issuerStart, issuerEnd);

    CertificateContent content = ResponderIssuance.content(issuer(ca), ca, ec().getPublic(), NOW);

    assertThat(content.notBefore()).isEqualTo(issuerStart);
    assertThat(content.notAfter()).isEqualTo(issuerEnd);
    assertThat(Lint.check(signed(content), ca)).isEmpty();
  }

  private static X509CertificateHolder signed(CertificateContent content) throws Exception {
    return CertificateMaker.build(
        content, new JcaContentSignerBuilder("SHA256withECDSA").build(CA_KEYS.getPrivate()));
  }

  private static X509CertificateHolder caCertificate(Instant notBefore, Instant notAfter)
      throws Exception {
    X500Name name = new X500Name("CN=Responder Test CA,O=PCA Test");
    CertificateContent content =
        new CertificateContent(
            name,
            name,
            CertificateMaker.newSerial(new SecureRandom()).value(),
            notBefore,
            notAfter,
            SubjectPublicKeyInfo.getInstance(CA_KEYS.getPublic().getEncoded()),
            null,
            true,
            0,
            KeyUsage.keyCertSign | KeyUsage.cRLSign,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    return signed(content);
  }

  private static Issuer issuer(X509CertificateHolder ca) throws Exception {
    Repository repository = new Repository("test", RevocationSettings.DEFAULTS, NOW);
    return new Issuer(
        UUID.randomUUID(),
        repository,
        null,
        new Issuer.Facts(
            "test-ca",
            new KeyAlias("ca-test"),
            ca.getEncoded(),
            "CN=Responder Test CA,O=PCA Test",
            CertificateMaker.keyIdentifier(ca.getSubjectPublicKeyInfo()),
            0,
            ca.getNotBefore().toInstant(),
            ca.getNotAfter().toInstant(),
            null),
        NOW);
  }

  private static KeyPair ec() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
