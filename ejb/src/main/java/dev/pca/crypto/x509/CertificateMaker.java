package dev.pca.crypto.x509;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Turns a {@link CertificateContent} into a v3 certificate. The encoding depends on the content and
 * the signature algorithm only, so a {@link #preview} has the very TBSCertificate that {@link
 * #build} then signs: lint the preview, then sign.
 *
 * <p>Extensions come in this fixed order: basicConstraints, keyUsage, extendedKeyUsage,
 * subjectKeyIdentifier, authorityKeyIdentifier, subjectAltName, cRLDistributionPoints,
 * authorityInfoAccess, id-pkix-ocsp-nocheck.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.1">RFC 5280 4.1</a>
 */
public final class CertificateMaker {
  /** What a preview carries instead of a signature: it must never verify, and never does. */
  private static final byte[] PLACEHOLDER_SIGNATURE = new byte[64];

  private CertificateMaker() {}

  /**
   * 20 random octets as a positive number of exactly 20 octets: the top bit is cleared so the
   * number is positive without a leading zero octet, and the first octet is never zero so the
   * encoding is never shorter.
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.2">RFC 5280 4.1.2.2</a>
   */
  public static Serial newSerial(SecureRandom random) {
    byte[] octets = new byte[Serial.MAX_OCTETS];
    random.nextBytes(octets);
    octets[0] = (byte) (1 + random.nextInt(0x7f));
    return new Serial(new BigInteger(1, octets));
  }

  /** The certificate, signed by {@code signer}, whose algorithm goes into both signature fields. */
  public static X509CertificateHolder build(CertificateContent content, ContentSigner signer) {
    Objects.requireNonNull(signer, "signer");
    return builder(content).build(signer);
  }

  /**
   * The same certificate as {@link #build} with a signer of {@code signatureAlgorithm} would make,
   * but with a placeholder signature: the TBSCertificate is byte for byte the one that will be
   * signed. Pass the real signer's {@link ContentSigner#getAlgorithmIdentifier()}, since RSA
   * identifiers differ in their (NULL or absent) parameters.
   */
  public static X509CertificateHolder preview(
      CertificateContent content, AlgorithmIdentifier signatureAlgorithm) {
    Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
    return builder(content).build(new PlaceholderSigner(signatureAlgorithm));
  }

  /**
   * RFC 5280 4.2.1.2 method (1): "The keyIdentifier is composed of the 160-bit SHA-1 hash of the
   * value of the BIT STRING subjectPublicKey (excluding the tag, length, and number of unused
   * bits)."
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.2">RFC 5280 4.2.1.2</a>
   */
  public static byte[] keyIdentifier(SubjectPublicKeyInfo publicKey) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(publicKey.getPublicKeyData().getBytes());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  private static X509v3CertificateBuilder builder(CertificateContent content) {
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            content.issuer(),
            content.serial(),
            time(content.notBefore()),
            time(content.notAfter()),
            content.subject(),
            content.publicKey());
    addConstraints(builder, content);
    addIdentifiers(builder, content);
    addLocations(builder, content);
    if (content.ocspNoCheck()) {
      // RFC 6960 4.2.2.2.1: "This extension SHOULD be a non-critical extension. The value of the
      // extension SHALL be NULL."
      add(builder, OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
    }
    return builder;
  }

  private static void addConstraints(X509v3CertificateBuilder builder, CertificateContent c) {
    BasicConstraints basic =
        c.pathLength() == null
            ? new BasicConstraints(c.ca())
            : new BasicConstraints(c.pathLength());
    add(builder, Extension.basicConstraints, true, basic);
    // RFC 5280 4.2.1.3: "When the keyUsage extension appears in a certificate, at least one of the
    // bits MUST be set to 1." So no bits means no extension.
    if (c.keyUsage() != 0) {
      add(builder, Extension.keyUsage, true, new KeyUsage(c.keyUsage()));
    }
    if (!c.extendedKeyUsage().isEmpty()) {
      KeyPurposeId[] purposes = c.extendedKeyUsage().toArray(KeyPurposeId[]::new);
      add(builder, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
    }
  }

  private static void addIdentifiers(X509v3CertificateBuilder builder, CertificateContent c) {
    byte[] own = keyIdentifier(c.publicKey());
    add(builder, Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(own));
    byte[] authority = c.selfSigned() ? own : c.issuerKeyIdentifier();
    add(builder, Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authority));
    if (!c.subjectAltNames().isEmpty()) {
      // RFC 5280 4.2.1.6: "If the subject field contains an empty sequence, then the issuing CA
      // MUST include a subjectAltName extension that is marked as critical."
      boolean critical = c.subject().getRDNs().length == 0;
      GeneralNames names = new GeneralNames(c.subjectAltNames().toArray(GeneralName[]::new));
      add(builder, Extension.subjectAlternativeName, critical, names);
    }
  }

  private static void addLocations(X509v3CertificateBuilder builder, CertificateContent c) {
    if (!c.crlDistributionPoints().isEmpty()) {
      // RFC 5280 4.2.1.13: "If the DistributionPointName contains multiple values, each name
      // describes a different mechanism to obtain the same CRL."
      DistributionPointName name = new DistributionPointName(uris(c.crlDistributionPoints()));
      DistributionPoint[] points = {new DistributionPoint(name, null, null)};
      add(builder, Extension.cRLDistributionPoints, false, new CRLDistPoint(points));
    }
    List<AccessDescription> access =
        new ArrayList<>(c.ocspUrls().size() + c.caIssuersUrls().size());
    c.ocspUrls().forEach(url -> access.add(access(AccessDescription.id_ad_ocsp, url)));
    c.caIssuersUrls().forEach(url -> access.add(access(AccessDescription.id_ad_caIssuers, url)));
    if (!access.isEmpty()) {
      // RFC 5280 4.2.2.1: "Conforming CAs MUST mark this extension as non-critical."
      AuthorityInformationAccess aia =
          new AuthorityInformationAccess(access.toArray(AccessDescription[]::new));
      add(builder, Extension.authorityInfoAccess, false, aia);
    }
  }

  private static GeneralNames uris(List<String> urls) {
    return new GeneralNames(
        urls.stream()
            .map(url -> new GeneralName(GeneralName.uniformResourceIdentifier, url))
            .toArray(GeneralName[]::new));
  }

  private static AccessDescription access(ASN1ObjectIdentifier method, String url) {
    return new AccessDescription(
        method, new GeneralName(GeneralName.uniformResourceIdentifier, url));
  }

  private static void add(
      X509v3CertificateBuilder builder,
      ASN1ObjectIdentifier oid,
      boolean critical,
      ASN1Encodable value) {
    try {
      builder.addExtension(oid, critical, value);
    } catch (IOException e) {
      throw new IllegalStateException("extension " + oid + " cannot be encoded", e);
    }
  }

  /**
   * Whole seconds, so that the same content always encodes the same. BC's {@link Time} picks
   * UTCTime through 2049 and GeneralizedTime from 2050, as RFC 5280 4.1.2.5 requires.
   */
  private static Time time(Instant instant) {
    return new Time(Date.from(instant.truncatedTo(ChronoUnit.SECONDS)));
  }

  /** Declares the algorithm that will sign, and signs nothing. */
  private record PlaceholderSigner(AlgorithmIdentifier algorithm) implements ContentSigner {
    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public byte[] getSignature() {
      return PLACEHOLDER_SIGNATURE.clone();
    }
  }
}
