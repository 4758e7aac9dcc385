package dev.pca.crypto.x509;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Everything a certificate says, before it is signed. {@link CertificateMaker} turns it into a
 * certificate and {@link Lint} judges the result, so only what cannot be encoded at all is refused
 * here: values that are merely wrong (a negative serial, an inverted validity) are left for the
 * lint to name.
 *
 * @param issuerKeyIdentifier the issuer's subjectKeyIdentifier; null only for a self-signed root,
 *     whose authorityKeyIdentifier is then its own subjectKeyIdentifier
 * @param pathLength CA certificates only; null means no path length constraint
 * @param keyUsage a bit mask of Bouncy Castle's {@link org.bouncycastle.asn1.x509.KeyUsage}
 *     constants; 0 means no keyUsage extension
 * @param extendedKeyUsage empty means no extendedKeyUsage extension
 * @param subjectAltNames empty means no subjectAltName extension
 * @param crlDistributionPoints URLs of the same CRL; empty means no cRLDistributionPoints
 * @param ocspUrls authorityInfoAccess id-ad-ocsp locations
 * @param caIssuersUrls authorityInfoAccess id-ad-caIssuers locations
 * @param ocspNoCheck whether to carry id-pkix-ocsp-nocheck: only on a delegated OCSP responder's
 *     certificate, whose status clients are told not to check (RFC 6960 section 4.2.2.2.1)
 */
public record CertificateContent(
    X500Name issuer,
    X500Name subject,
    BigInteger serial,
    Instant notBefore,
    Instant notAfter,
    SubjectPublicKeyInfo publicKey,
    byte[] issuerKeyIdentifier,
    boolean ca,
    Integer pathLength,
    int keyUsage,
    List<KeyPurposeId> extendedKeyUsage,
    List<GeneralName> subjectAltNames,
    List<String> crlDistributionPoints,
    List<String> ocspUrls,
    List<String> caIssuersUrls,
    boolean ocspNoCheck) {

  /** The nine bits of KeyUsage, as Bouncy Castle numbers them (decipherOnly is 1 << 15). */
  private static final int KEY_USAGE_BITS = 0x80ff;

  public CertificateContent {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(publicKey, "publicKey");
    issuerKeyIdentifier = issuerKeyIdentifier == null ? null : issuerKeyIdentifier.clone();
    if (pathLength != null && (!ca || pathLength < 0)) {
      throw new IllegalArgumentException("a path length is a non-negative number on a CA only");
    }
    if ((keyUsage & ~KEY_USAGE_BITS) != 0) {
      throw new IllegalArgumentException("keyUsage holds bits that are no key usage");
    }
    extendedKeyUsage = List.copyOf(extendedKeyUsage);
    subjectAltNames = List.copyOf(subjectAltNames);
    crlDistributionPoints = urls(crlDistributionPoints);
    ocspUrls = urls(ocspUrls);
    caIssuersUrls = urls(caIssuersUrls);
  }

  /** Everything but id-pkix-ocsp-nocheck, which only a responder certificate carries. */
  public CertificateContent(
      X500Name issuer,
      X500Name subject,
      BigInteger serial,
      Instant notBefore,
      Instant notAfter,
      SubjectPublicKeyInfo publicKey,
      byte[] issuerKeyIdentifier,
      boolean ca,
      Integer pathLength,
      int keyUsage,
      List<KeyPurposeId> extendedKeyUsage,
      List<GeneralName> subjectAltNames,
      List<String> crlDistributionPoints,
      List<String> ocspUrls,
      List<String> caIssuersUrls) {
    this(
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
        false);
  }

  /** URIs in certificates are IA5Strings: anything else could not be encoded. */
  private static List<String> urls(List<String> urls) {
    List<String> copy = List.copyOf(urls);
    for (String url : copy) {
      if (url.isEmpty() || !ASN1IA5String.isIA5String(url)) {
        throw new IllegalArgumentException("a URL is non-empty ASCII: " + url);
      }
    }
    return copy;
  }

  @Override
  public byte[] issuerKeyIdentifier() {
    return issuerKeyIdentifier == null ? null : issuerKeyIdentifier.clone();
  }

  /** True when the authorityKeyIdentifier is the certificate's own subjectKeyIdentifier. */
  public boolean selfSigned() {
    return issuerKeyIdentifier == null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CertificateContent that
        && ca == that.ca
        && ocspNoCheck == that.ocspNoCheck
        && keyUsage == that.keyUsage
        && issuer.equals(that.issuer)
        && subject.equals(that.subject)
        && serial.equals(that.serial)
        && notBefore.equals(that.notBefore)
        && notAfter.equals(that.notAfter)
        && publicKey.equals(that.publicKey)
        && Arrays.equals(issuerKeyIdentifier, that.issuerKeyIdentifier)
        && Objects.equals(pathLength, that.pathLength)
        && extendedKeyUsage.equals(that.extendedKeyUsage)
        && subjectAltNames.equals(that.subjectAltNames)
        && crlDistributionPoints.equals(that.crlDistributionPoints)
        && ocspUrls.equals(that.ocspUrls)
        && caIssuersUrls.equals(that.caIssuersUrls);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
            issuer,
            subject,
            serial,
            notBefore,
            notAfter,
            publicKey,
            ca,
            pathLength,
            keyUsage,
            ocspNoCheck)
        + 31 * Arrays.hashCode(issuerKeyIdentifier);
  }

  @Override
  public String toString() {
    return "CertificateContent[issuer="
        + issuer
        + ", subject="
        + subject
        + ", serial="
        + serial.toString(16)
        + ", notBefore="
        + notBefore
        + ", notAfter="
        + notAfter
        + ", issuerKeyIdentifier="
        + (issuerKeyIdentifier == null ? "self" : HexFormat.of().formatHex(issuerKeyIdentifier))
        + ", ca="
        + ca
        + ", pathLength="
        + pathLength
        + ", keyUsage=0x"
        + Integer.toHexString(keyUsage)
        + ", extendedKeyUsage="
        + extendedKeyUsage.size()
        + ", subjectAltNames="
        + subjectAltNames.size()
        + ", ocspNoCheck="
        + ocspNoCheck
        + "]";
  }
}
