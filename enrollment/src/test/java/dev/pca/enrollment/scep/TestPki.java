package dev.pca.enrollment.scep;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** A CA with an RA for the SCEP tests, in memory: RSA-2048 keys, certificates made by BC. */
final class TestPki {
  private static final AtomicLong SERIALS = new AtomicLong(1000);

  final KeyPair caKeys = rsa();
  final X509Certificate ca;
  final KeyPair raKeys = rsa();
  final X509Certificate ra;

  TestPki() throws GeneralSecurityException {
    ca = certificate(new X500Name("CN=Test CA"), caKeys.getPublic(), "CN=Test CA", caKeys, 0);
    ra =
        certificate(
            new X500Name("CN=Test CA"),
            raKeys.getPublic(),
            "CN=Test RA",
            caKeys,
            KeyUsage.digitalSignature | KeyUsage.keyEncipherment);
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A leaf for {@code key} from the CA. */
  X509Certificate issue(PublicKey key, String subject) throws GeneralSecurityException {
    return certificate(new X500Name("CN=Test CA"), key, subject, caKeys, KeyUsage.digitalSignature);
  }

  /** The self-signed certificate a device signs its first request with. */
  static X509Certificate selfSigned(KeyPair keys, String subject) throws GeneralSecurityException {
    return certificate(new X500Name(subject), keys.getPublic(), subject, keys, 0);
  }

  static PKCS10CertificationRequest csr(KeyPair keys, String subject, String challenge)
      throws GeneralSecurityException {
    JcaPKCS10CertificationRequestBuilder builder =
        new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic());
    if (challenge != null) {
      builder.addAttribute(
          PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERPrintableString(challenge));
    }
    return builder.build(signer(keys));
  }

  byte[] crl() throws Exception {
    return new X509v2CRLBuilder(new X500Name("CN=Test CA"), new Date())
        .setNextUpdate(Date.from(Instant.now().plus(Duration.ofDays(1))))
        .build(signer(caKeys))
        .getEncoded();
  }

  /** keyUsage 0 makes a CA certificate, anything else a leaf with that key usage. */
  private static X509Certificate certificate(
      X500Name issuer, PublicKey key, String subject, KeyPair signer, int keyUsage)
      throws GeneralSecurityException {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIALS.incrementAndGet()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(30))),
              new X500Name(subject),
              key);
      if (keyUsage == 0) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
      }
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer(signer)));
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static ContentSigner signer(KeyPair keys) throws GeneralSecurityException {
    try {
      return new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
