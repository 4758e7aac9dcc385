package dev.pca.enrollment.acme;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates and server TLS contexts for the validation tests. */
final class TestTls {
  private TestTls() {}

  /**
   * A self-signed certificate for {@code names} (DNS names, or addresses when they parse as one),
   * with an acmeIdentifier extension of {@code digest} when it is not null.
   */
  static X509Certificate certificate(
      KeyPair keys, String[] names, byte[] digest, boolean critical) {
    try {
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      X500Name subject = new X500Name("CN=acme validation");
      GeneralName[] sans = new GeneralName[names.length];
      for (int i = 0; i < names.length; i++) {
        sans[i] =
            IpLiteral.parse(names[i]).isPresent()
                ? new GeneralName(
                    GeneralName.iPAddress,
                    new DEROctetString(InetAddress.getByName(names[i]).getAddress()))
                : new GeneralName(GeneralName.dNSName, names[i]);
      }
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(1, ChronoUnit.HOURS)),
              Date.from(now.plus(1, ChronoUnit.DAYS)),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      if (digest != null) {
        builder.addExtension(
            new org.bouncycastle.asn1.ASN1ObjectIdentifier(TlsAlpn01Validator.ACME_IDENTIFIER),
            critical,
            new DEROctetString(digest));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server context presenting this certificate. */
  static SSLContext server(KeyPair keys, X509Certificate certificate) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = "test".toCharArray();
      store.setKeyEntry("key", keys.getPrivate(), password, new Certificate[] {certificate});
      KeyManagerFactory managers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
