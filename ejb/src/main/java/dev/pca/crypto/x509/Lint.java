package dev.pca.crypto.x509;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Checks a certificate before it is signed, the way Boulder runs zlint on a precertificate: lint
 * the {@link CertificateMaker#preview}, and sign only when the list of problems is empty.
 *
 * <p>The rules are those of RFC 5280 that a CA can break by itself, plus this CA's own: validity
 * nested in the issuer's, SHA-2 signatures, RSA keys of 2048 bits or more, and EC keys on the NIST
 * curves.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4">RFC 5280 4</a>
 */
public final class Lint {
  private record Rule(String name, BiConsumer<Pair, List<String>> check) {}

  /** The certificate under lint and its issuer's certificate (itself when self-signed). */
  record Pair(X509CertificateHolder cert, X509CertificateHolder issuer, boolean selfSigned) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule("version", Lint::version),
          new Rule("serial", Lint::serial),
          new Rule("signature", Lint::signatureFields),
          new Rule("validity", Lint::validity),
          new Rule("issuer name", Lint::issuerName),
          new Rule("key identifiers", Lint::keyIdentifiers),
          new Rule("issuer", Lint::issuerIsCa),
          new Rule("basic constraints", LintConstraints::basicConstraints),
          new Rule("CA", LintConstraints::caCertificate),
          new Rule("end entity", LintConstraints::endEntity),
          new Rule("path length", LintConstraints::pathLength),
          new Rule("extended key usage", LintConstraints::extendedKeyUsage),
          new Rule("OCSP signing", LintConstraints::ocspSigning),
          new Rule("names", (p, out) -> LintNames.check(p.cert(), out)),
          new Rule("keys", Lint::keys));

  private Lint() {}

  /**
   * The problems of {@code tbsPreview}, empty when there are none.
   *
   * @param issuerCertificate the certificate of the CA that will sign; null when self-signed
   */
  public static List<String> check(
      X509CertificateHolder tbsPreview, X509CertificateHolder issuerCertificate) {
    Objects.requireNonNull(tbsPreview, "tbsPreview");
    Pair pair =
        issuerCertificate == null
            ? new Pair(tbsPreview, tbsPreview, true)
            : new Pair(tbsPreview, issuerCertificate, false);
    List<String> problems = new ArrayList<>();
    for (Rule rule : RULES) {
      try {
        rule.check().accept(pair, problems);
      } catch (RuntimeException e) {
        problems.add(rule.name() + ": an extension it needs is malformed");
      }
    }
    return List.copyOf(problems);
  }

  /**
   * Like {@link #check(X509CertificateHolder, X509CertificateHolder)} for an encoded certificate
   * (DER or PEM), which may also break a rule that no {@link X509CertificateHolder} can hold:
   * Bouncy Castle refuses to parse repeated extensions. RFC 5280 4.2: "A certificate MUST NOT
   * include more than one instance of a particular extension."
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.2">RFC 5280 4.2</a>
   */
  public static List<String> check(byte[] certificate, X509CertificateHolder issuerCertificate) {
    X509CertificateHolder holder;
    try {
      byte[] der = Pem.decode(certificate, Pem.CERTIFICATE);
      List<String> repeated = repeatedExtensions(der);
      if (!repeated.isEmpty()) {
        return repeated;
      }
      holder = Pem.parseCertificate(der);
    } catch (IOException | RuntimeException e) {
      return List.of("the certificate cannot be parsed");
    }
    return check(holder, issuerCertificate);
  }

  private static List<String> repeatedExtensions(byte[] der) throws IOException {
    ASN1Sequence certificate = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
    ASN1Sequence tbs = ASN1Sequence.getInstance(certificate.getObjectAt(0));
    Set<ASN1ObjectIdentifier> seen = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (ASN1Encodable field : tbs) {
      if (field instanceof ASN1TaggedObject tagged && tagged.hasTag(BERTags.CONTEXT_SPECIFIC, 3)) {
        for (ASN1Encodable extension : ASN1Sequence.getInstance(tagged, true)) {
          ASN1ObjectIdentifier oid =
              ASN1ObjectIdentifier.getInstance(ASN1Sequence.getInstance(extension).getObjectAt(0));
          if (!seen.add(oid)) {
            problems.add("extension " + oid + " appears more than once (RFC 5280 4.2)");
          }
        }
      }
    }
    return problems;
  }

  /**
   * RFC 5280 4.1.2.1: "When extensions are used, as expected in this profile, version MUST be 3".
   */
  private static void version(Pair p, List<String> out) {
    if (p.cert().getVersionNumber() != 3) {
      out.add("version is " + p.cert().getVersionNumber() + ", not 3 (RFC 5280 4.1.2.1)");
    }
  }

  /**
   * RFC 5280 4.1.2.2: "The serial number MUST be a positive integer" and "Conforming CAs MUST NOT
   * use serialNumber values longer than 20 octets."
   */
  private static void serial(Pair p, List<String> out) {
    BigInteger serial = p.cert().getSerialNumber();
    if (serial.signum() <= 0) {
      out.add("serial number is not positive (RFC 5280 4.1.2.2)");
    }
    if (serial.toByteArray().length > Serial.MAX_OCTETS) {
      out.add("serial number is longer than 20 octets (RFC 5280 4.1.2.2)");
    }
  }

  /**
   * RFC 5280 4.1.1.2: "This field MUST contain the same algorithm identifier as the signature field
   * in the sequence tbsCertificate". The CA accepts SHA-2 signatures only, made by the issuer's
   * key.
   */
  private static void signatureFields(Pair p, List<String> out) {
    var outer = p.cert().getSignatureAlgorithm();
    var inner = p.cert().toASN1Structure().getTBSCertificate().getSignature();
    if (!outer.equals(inner)) {
      out.add("signatureAlgorithm differs from the TBSCertificate signature (RFC 5280 4.1.1.2)");
    }
    Optional<String> signer = PublicKeys.signatureKeyAlgorithm(inner);
    String issuerKey = PublicKeys.keyAlgorithm(p.issuer().getSubjectPublicKeyInfo());
    if (signer.isEmpty()) {
      out.add("signature algorithm " + inner.getAlgorithm() + " is not accepted (SHA-2 only)");
    } else if (!signer.get().equals(issuerKey)) {
      out.add(
          "signature algorithm is for "
              + signer.get()
              + " keys but the issuer's key is "
              + issuerKey);
    }
  }

  /**
   * RFC 5280 4.1.2.5: "The validity period for a certificate is the period of time from notBefore
   * through notAfter, inclusive." A certificate that outlives its issuer stops validating with it,
   * so the CA keeps each validity inside its issuer's.
   */
  private static void validity(Pair p, List<String> out) {
    var notBefore = p.cert().getNotBefore();
    var notAfter = p.cert().getNotAfter();
    if (!notBefore.before(notAfter)) {
      out.add("notBefore is not before notAfter (RFC 5280 4.1.2.5)");
    }
    if (p.selfSigned()) {
      return;
    }
    if (notBefore.before(p.issuer().getNotBefore())) {
      out.add("notBefore is before the issuer's notBefore");
    }
    if (notAfter.after(p.issuer().getNotAfter())) {
      out.add("notAfter is after the issuer's notAfter: the certificate outlives its issuer");
    }
  }

  /**
   * RFC 5280 4.1.2.4: "The issuer field MUST contain a non-empty distinguished name (DN)." Path
   * building matches names by their encoding, so the issuer field is compared byte for byte.
   */
  private static void issuerName(Pair p, List<String> out) {
    var issuer = p.cert().getIssuer();
    if (issuer.getRDNs().length == 0) {
      out.add("issuer name is empty (RFC 5280 4.1.2.4)");
    }
    byte[] expected = encoded(p.issuer().getSubject());
    if (!Arrays.equals(encoded(issuer), expected)) {
      out.add("issuer name does not match the issuer certificate's subject byte for byte");
    }
  }

  /**
   * RFC 5280 4.2.1.1: "The keyIdentifier field of the authorityKeyIdentifier extension MUST be
   * included in all certificates generated by conforming CAs to facilitate certification path
   * construction." RFC 5280 4.2.1.2: "this extension SHOULD be included in all end entity
   * certificates" and "MUST appear in all conforming CA certificates".
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.1">RFC 5280 4.2.1.1</a>
   */
  private static void keyIdentifiers(Pair p, List<String> out) {
    byte[] own = subjectKeyIdentifier(p.cert());
    if (own == null) {
      out.add("subjectKeyIdentifier is missing (RFC 5280 4.2.1.2)");
    }
    Extension aki = p.cert().getExtension(Extension.authorityKeyIdentifier);
    byte[] authority =
        aki == null
            ? null
            : AuthorityKeyIdentifier.getInstance(aki.getParsedValue()).getKeyIdentifier();
    if (authority == null) {
      out.add("authorityKeyIdentifier keyIdentifier is missing (RFC 5280 4.2.1.1)");
      return;
    }
    if (aki.isCritical()) {
      out.add("authorityKeyIdentifier is critical (RFC 5280 4.2.1.1: MUST be non-critical)");
    }
    byte[] issuers = subjectKeyIdentifier(p.issuer());
    if (issuers == null && !p.selfSigned()) {
      out.add("the issuer certificate has no subjectKeyIdentifier to match");
    } else if (issuers != null && !Arrays.equals(authority, issuers)) {
      out.add("authorityKeyIdentifier does not match the issuer's subjectKeyIdentifier");
    }
  }

  /**
   * RFC 5280 6.1.4 (k): "verify that the basicConstraints extension is present and that cA is set
   * to TRUE", and (n): "If a key usage extension is present, verify that the keyCertSign bit is
   * set."
   */
  private static void issuerIsCa(Pair p, List<String> out) {
    if (p.selfSigned()) {
      return;
    }
    if (!LintConstraints.isCa(p.issuer())) {
      out.add("the issuer certificate is not a CA (RFC 5280 6.1.4 (k))");
    }
    if (!LintConstraints.hasKeyUsage(p.issuer(), KeyUsage.keyCertSign)) {
      out.add("the issuer certificate lacks keyCertSign (RFC 5280 6.1.4 (n))");
    }
  }

  /** The CA's own key policy: RSA of 2048 bits or more, EC on P-256, P-384, P-521, or Ed25519. */
  private static void keys(Pair p, List<String> out) {
    try {
      PublicKeys.inspect(p.cert().getSubjectPublicKeyInfo());
    } catch (CsrException e) {
      out.add("subject public key: " + e.getMessage());
    }
  }

  static byte[] subjectKeyIdentifier(X509CertificateHolder certificate) {
    Extension ski = certificate.getExtension(Extension.subjectKeyIdentifier);
    if (ski == null) {
      return null;
    }
    byte[] identifier = SubjectKeyIdentifier.getInstance(ski.getParsedValue()).getKeyIdentifier();
    return identifier.length == 0 ? null : identifier;
  }

  private static byte[] encoded(X500Name name) {
    try {
      return name.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("a parsed name re-encodes", e);
    }
  }
}
