package dev.pca.ocsp;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Software keys and certificates for the responder's tests: a CA and its delegated responder. */
final class TestPki {
  private TestPki() {}

  /** A CA with a responder certificate it signed (id-kp-OCSPSigning, id-pkix-ocsp-nocheck). */
  record Ca(
      KeyPair keys,
      X509CertificateHolder certificate,
      KeyPair responderKeys,
      X509CertificateHolder responder) {}

  static Ca ca(String name) {
    KeyPair keys = ec();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    try {
      X509CertificateHolder certificate =
          new JcaX509v3CertificateBuilder(
                  subject,
                  BigInteger.valueOf(now.toEpochMilli()),
                  Date.from(now.minus(Duration.ofDays(1))),
                  Date.from(now.plus(Duration.ofDays(365))),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      KeyPair responderKeys = ec();
      X509CertificateHolder responder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  BigInteger.TWO,
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(Duration.ofDays(7))),
                  new X500Name("CN=OCSP Responder " + name),
                  responderKeys.getPublic())
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning))
              .addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE)
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      return new Ca(keys, certificate, responderKeys, responder);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ec() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static CertificateID id(X509CertificateHolder issuer, long serial) {
    return id(issuer, BigInteger.valueOf(serial), CertificateID.HASH_SHA1);
  }

  static CertificateID id(
      X509CertificateHolder issuer,
      BigInteger serial,
      org.bouncycastle.asn1.x509.AlgorithmIdentifier hash) {
    try {
      return new CertificateID(
          new JcaDigestCalculatorProviderBuilder().build().get(hash), issuer, serial);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A request about these certificates, with the nonce (as RFC 8954 encodes it) when given. */
  static OCSPReq request(byte[] nonce, CertificateID... ids) {
    OCSPReqBuilder builder = new OCSPReqBuilder();
    for (CertificateID id : ids) {
      builder.addRequest(id);
    }
    if (nonce != null) {
      try {
        builder.setRequestExtensions(
            new Extensions(
                new Extension(
                    OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                    false,
                    new DEROctetString(new DEROctetString(nonce).getEncoded()))));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return builder.build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<CertificateID> ids(X509CertificateHolder issuer, int count) {
    List<CertificateID> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(id(issuer, 1000 + i));
    }
    return ids;
  }

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    private Instant now = Instant.now();

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
