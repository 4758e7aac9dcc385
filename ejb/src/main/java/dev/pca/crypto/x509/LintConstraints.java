package dev.pca.crypto.x509;

import dev.pca.crypto.x509.Lint.Pair;
import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The lint rules on what a certificate may do: basicConstraints, keyUsage and extendedKeyUsage
 * (with the OCSP responder's id-pkix-ocsp-nocheck).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9">RFC 5280 4.2.1.9</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.3">RFC 5280 4.2.1.3</a>
 */
final class LintConstraints {
  private static final int TLS_USAGES =
      KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement;

  private LintConstraints() {}

  /**
   * RFC 5280 4.2.1.9: "Conforming CAs MUST include this extension in all CA certificates that
   * contain public keys used to validate digital signatures on certificates and MUST mark the
   * extension as critical in such certificates." This CA marks it critical in every certificate.
   */
  static void basicConstraints(Pair p, List<String> out) {
    Extension extension = p.cert().getExtension(Extension.basicConstraints);
    if (extension == null) {
      out.add("basicConstraints is missing (RFC 5280 4.2.1.9)");
      return;
    }
    if (!extension.isCritical()) {
      out.add("basicConstraints is not critical (RFC 5280 4.2.1.9)");
    }
    BasicConstraints.getInstance(extension.getParsedValue()); // throws when malformed
  }

  /**
   * RFC 5280 4.2.1.3: "When present, conforming CAs SHOULD mark this extension as critical." and
   * 4.1.2.6: "If the subject is a CA [...] then the subject field MUST be populated with a
   * non-empty distinguished name". A CA of this PKI signs certificates and CRLs.
   */
  static void caCertificate(Pair p, List<String> out) {
    if (!isCa(p.cert())) {
      return;
    }
    Extension extension = p.cert().getExtension(Extension.keyUsage);
    if (extension == null) {
      out.add("a CA certificate needs keyUsage with keyCertSign and cRLSign (RFC 5280 4.2.1.3)");
      return;
    }
    if (!extension.isCritical()) {
      out.add("keyUsage of a CA certificate is not critical (RFC 5280 4.2.1.3)");
    }
    if (!hasKeyUsage(p.cert(), KeyUsage.keyCertSign)) {
      out.add("cA is asserted without keyCertSign: only a CA that signs certificates is a CA");
    }
    if (!hasKeyUsage(p.cert(), KeyUsage.cRLSign)) {
      out.add("a CA certificate lacks cRLSign: its CA could not sign its CRLs");
    }
    if (p.cert().getSubject().getRDNs().length == 0) {
      out.add("a CA certificate has an empty subject (RFC 5280 4.1.2.6)");
    }
  }

  /**
   * RFC 5280 4.2.1.9: "If the cA boolean is not asserted, then the keyCertSign bit in the key usage
   * extension MUST NOT be asserted." An end entity of this PKI signs no CRLs either.
   */
  static void endEntity(Pair p, List<String> out) {
    if (isCa(p.cert())) {
      return;
    }
    if (hasKeyUsage(p.cert(), KeyUsage.keyCertSign)) {
      out.add("an end-entity certificate asserts keyCertSign (RFC 5280 4.2.1.9)");
    }
    if (hasKeyUsage(p.cert(), KeyUsage.cRLSign)) {
      out.add("an end-entity certificate asserts cRLSign");
    }
  }

  /**
   * RFC 5280 4.2.1.9: "A pathLenConstraint of zero indicates that no non-self-issued intermediate
   * CA certificates may follow in a valid certification path." So an issuer with pathLen n issues
   * CA certificates with pathLen n-1 at most.
   */
  static void pathLength(Pair p, List<String> out) {
    BasicConstraints own = basicConstraints(p.cert());
    if (own != null
        && own.getPathLenConstraint() != null
        && !hasKeyUsage(p.cert(), KeyUsage.keyCertSign)) {
      out.add("pathLenConstraint without cA and keyCertSign (RFC 5280 4.2.1.9)");
    }
    if (p.selfSigned() || !isCa(p.cert())) {
      return;
    }
    BasicConstraints issuers = basicConstraints(p.issuer());
    BigInteger limit = issuers == null ? null : issuers.getPathLenConstraint();
    if (limit == null) {
      return;
    }
    if (limit.signum() == 0) {
      out.add("the issuer has pathLen 0 and must not issue CA certificates (RFC 5280 4.2.1.9)");
      return;
    }
    BigInteger mine = own.getPathLenConstraint();
    BigInteger most = limit.subtract(BigInteger.ONE);
    if (mine == null || mine.compareTo(most) > 0) {
      out.add("pathLen must be at most " + most + " under an issuer with pathLen " + limit);
    }
  }

  /**
   * RFC 5280 4.2.1.12: "If a certificate contains both a key usage extension and an extended key
   * usage extension, then both extensions MUST be processed independently and the certificate MUST
   * only be used for a purpose consistent with both extensions." TLS needs a signature, key
   * transport or key agreement; an EC key transports no keys (RFC 5480 3).
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12">RFC 5280 4.2.1.12</a>
   */
  static void extendedKeyUsage(Pair p, List<String> out) {
    Extension extension = p.cert().getExtension(Extension.extendedKeyUsage);
    if (extension != null) {
      checkPurposes(p.cert(), extension, out);
    }
    boolean ec = PublicKeys.EC.equals(PublicKeys.keyAlgorithm(p.cert().getSubjectPublicKeyInfo()));
    if (ec && anyKeyUsage(p.cert(), KeyUsage.keyEncipherment | KeyUsage.dataEncipherment)) {
      out.add("an EC key cannot encipher: keyEncipherment/dataEncipherment (RFC 5480 3)");
    }
  }

  private static void checkPurposes(
      X509CertificateHolder cert, Extension extension, List<String> out) {
    // KeyPurposeId SEQUENCE SIZE (1..MAX): BC would not even parse an empty one.
    if (ASN1Sequence.getInstance(extension.getParsedValue()).size() == 0) {
      out.add("extendedKeyUsage is empty (RFC 5280 4.2.1.12)");
      return;
    }
    ExtendedKeyUsage eku = ExtendedKeyUsage.getInstance(extension.getParsedValue());
    boolean tls =
        eku.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth)
            || eku.hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth);
    if (tls && !anyKeyUsage(cert, TLS_USAGES)) {
      out.add(
          "serverAuth/clientAuth needs digitalSignature, keyEncipherment or keyAgreement"
              + " (RFC 5280 4.2.1.12)");
    }
  }

  /**
   * A delegated OCSP responder's certificate. RFC 5280 4.2.1.12 names digitalSignature or
   * nonRepudiation as the key usage of id-kp-OCSPSigning; RFC 6960 4.2.2.2.1 says of
   * id-pkix-ocsp-nocheck: "This extension SHOULD be a non-critical extension. The value of the
   * extension SHALL be NULL." The extension tells clients to trust the responder for the
   * certificate's lifetime, so this CA puts it on responder certificates and nowhere else.
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#section-4.2.2.2.1">RFC 6960 4.2.2.2.1</a>
   */
  static void ocspSigning(Pair p, List<String> out) {
    Extension eku = p.cert().getExtension(Extension.extendedKeyUsage);
    boolean signsOcsp =
        eku != null
            && ExtendedKeyUsage.getInstance(eku.getParsedValue())
                .hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning);
    if (signsOcsp
        && keyUsage(p.cert()) != null
        && !anyKeyUsage(p.cert(), KeyUsage.digitalSignature | KeyUsage.nonRepudiation)) {
      out.add("id-kp-OCSPSigning needs digitalSignature or nonRepudiation (RFC 5280 4.2.1.12)");
    }
    Extension noCheck = p.cert().getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck);
    if (noCheck == null) {
      return;
    }
    if (!signsOcsp || isCa(p.cert())) {
      out.add("id-pkix-ocsp-nocheck on a certificate that is no OCSP responder's (RFC 6960)");
    }
    if (noCheck.isCritical()) {
      out.add("id-pkix-ocsp-nocheck is critical (RFC 6960 4.2.2.2.1: SHOULD be non-critical)");
    }
    if (!(noCheck.getParsedValue() instanceof ASN1Null)) {
      out.add("id-pkix-ocsp-nocheck is not NULL (RFC 6960 4.2.2.2.1)");
    }
  }

  static boolean isCa(X509CertificateHolder certificate) {
    BasicConstraints constraints = basicConstraints(certificate);
    return constraints != null && constraints.isCA();
  }

  static boolean hasKeyUsage(X509CertificateHolder certificate, int usage) {
    KeyUsage keyUsage = keyUsage(certificate);
    return keyUsage != null && keyUsage.hasUsages(usage);
  }

  private static boolean anyKeyUsage(X509CertificateHolder certificate, int usages) {
    KeyUsage keyUsage = keyUsage(certificate);
    if (keyUsage == null) {
      return false;
    }
    for (int bit = 0; bit < Short.SIZE; bit++) {
      int mask = 1 << bit;
      if ((usages & mask) != 0 && keyUsage.hasUsages(mask)) {
        return true;
      }
    }
    return false;
  }

  private static KeyUsage keyUsage(X509CertificateHolder certificate) {
    Extension extension = certificate.getExtension(Extension.keyUsage);
    return extension == null ? null : KeyUsage.getInstance(extension.getParsedValue());
  }

  private static BasicConstraints basicConstraints(X509CertificateHolder certificate) {
    Extension extension = certificate.getExtension(Extension.basicConstraints);
    return extension == null ? null : BasicConstraints.getInstance(extension.getParsedValue());
  }
}
