package dev.pca.web.console;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * A certificate's fields decoded for people to read: names, validity, key, every extension (the
 * ones this CA writes by name, others by OID) and fingerprints. Labels are bundle keys.
 */
public final class CertificateFields {
  /** One line of the decoded certificate: a bundle key for its label, and its value. */
  public record Field(String key, String value) {}

  /** The gist of a certificate, as a chain shows it. */
  public record Summary(String subject, String issuer, String serial, java.time.Instant notAfter) {}

  private static final HexFormat HEX = HexFormat.of();
  private static final HexFormat FINGERPRINT = HexFormat.ofDelimiter(":").withUpperCase();

  private static final Map<ASN1ObjectIdentifier, String> PURPOSES =
      Map.of(
          KeyPurposeId.id_kp_serverAuth.toOID(), "TLS server",
          KeyPurposeId.id_kp_clientAuth.toOID(), "TLS client",
          KeyPurposeId.id_kp_codeSigning.toOID(), "code signing",
          KeyPurposeId.id_kp_emailProtection.toOID(), "e-mail protection",
          KeyPurposeId.id_kp_timeStamping.toOID(), "time stamping",
          KeyPurposeId.id_kp_OCSPSigning.toOID(), "OCSP signing");

  /** The extensions read by name below; any other is listed by OID. */
  private static final Set<ASN1ObjectIdentifier> NAMED =
      Set.of(
          Extension.subjectAlternativeName,
          Extension.basicConstraints,
          Extension.keyUsage,
          Extension.extendedKeyUsage,
          Extension.subjectKeyIdentifier,
          Extension.authorityKeyIdentifier,
          Extension.cRLDistributionPoints,
          Extension.authorityInfoAccess,
          Extension.certificatePolicies);

  private static final String[] KEY_USAGES = {
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly"
  };

  private static final int[] KEY_USAGE_BITS = {
    KeyUsage.digitalSignature,
    KeyUsage.nonRepudiation,
    KeyUsage.keyEncipherment,
    KeyUsage.dataEncipherment,
    KeyUsage.keyAgreement,
    KeyUsage.keyCertSign,
    KeyUsage.cRLSign,
    KeyUsage.encipherOnly,
    KeyUsage.decipherOnly
  };

  private CertificateFields() {}

  public static Summary summary(byte[] der) {
    X509CertificateHolder c = holder(der);
    return new Summary(
        display(c.getSubject()),
        display(c.getIssuer()),
        c.getSerialNumber().toString(16),
        c.getNotAfter().toInstant());
  }

  public static List<Field> of(byte[] der) {
    X509CertificateHolder c = holder(der);
    Map<String, String> out = new LinkedHashMap<>();
    out.put("field.version", "v" + c.getVersionNumber());
    out.put("field.serial", c.getSerialNumber().toString(16));
    out.put(
        "field.signatureAlgorithm",
        new DefaultAlgorithmNameFinder().getAlgorithmName(c.getSignatureAlgorithm()));
    out.put("field.issuer", display(c.getIssuer()));
    out.put("field.subject", display(c.getSubject()));
    out.put("field.notBefore", c.getNotBefore().toInstant().toString());
    out.put("field.notAfter", c.getNotAfter().toInstant().toString());
    out.put("field.publicKey", key(c.getSubjectPublicKeyInfo()));
    Extensions extensions = c.getExtensions();
    if (extensions != null) {
      named(extensions, out);
      others(extensions, out);
    }
    out.put("field.sha256", fingerprint(der, "SHA-256"));
    out.put("field.sha1", fingerprint(der, "SHA-1"));
    List<Field> fields = new ArrayList<>();
    out.forEach((key, value) -> fields.add(new Field(key, value)));
    return fields;
  }

  private static void named(Extensions extensions, Map<String, String> out) {
    GeneralNames sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
    if (sans != null) {
      out.put("field.sans", names(sans.getNames()));
    }
    BasicConstraints basic = BasicConstraints.fromExtensions(extensions);
    if (basic != null) {
      BigInteger path = basic.getPathLenConstraint();
      out.put(
          "field.basicConstraints",
          basic.isCA() ? "CA" + (path == null ? "" : ", path length " + path) : "not a CA");
    }
    KeyUsage usage = KeyUsage.fromExtensions(extensions);
    if (usage != null) {
      List<String> bits = new ArrayList<>();
      for (int i = 0; i < KEY_USAGE_BITS.length; i++) {
        if (usage.hasUsages(KEY_USAGE_BITS[i])) {
          bits.add(KEY_USAGES[i]);
        }
      }
      out.put("field.keyUsage", String.join(", ", bits));
    }
    ExtendedKeyUsage extended = ExtendedKeyUsage.fromExtensions(extensions);
    if (extended != null) {
      List<String> purposes = new ArrayList<>();
      for (KeyPurposeId purpose : extended.getUsages()) {
        purposes.add(PURPOSES.getOrDefault(purpose.toOID(), purpose.toOID().getId()));
      }
      out.put("field.extendedKeyUsage", String.join(", ", purposes));
    }
    SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(extensions);
    if (ski != null) {
      out.put("field.subjectKeyIdentifier", HEX.formatHex(ski.getKeyIdentifier()));
    }
    AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(extensions);
    if (aki != null && aki.getKeyIdentifier() != null) {
      out.put("field.authorityKeyIdentifier", HEX.formatHex(aki.getKeyIdentifier()));
    }
    distributionPoints(extensions, out);
    authorityAccess(extensions, out);
    CertificatePolicies policies = CertificatePolicies.fromExtensions(extensions);
    if (policies != null) {
      List<String> oids = new ArrayList<>();
      for (PolicyInformation policy : policies.getPolicyInformation()) {
        oids.add(policy.getPolicyIdentifier().getId());
      }
      out.put("field.policies", String.join(", ", oids));
    }
  }

  private static void distributionPoints(Extensions extensions, Map<String, String> out) {
    CRLDistPoint points = CRLDistPoint.fromExtensions(extensions);
    if (points == null) {
      return;
    }
    List<String> urls = new ArrayList<>();
    for (DistributionPoint point : points.getDistributionPoints()) {
      DistributionPointName name = point.getDistributionPoint();
      if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
        urls.add(names(GeneralNames.getInstance(name.getName()).getNames()));
      }
    }
    out.put("field.crlDistributionPoints", String.join(", ", urls));
  }

  private static void authorityAccess(Extensions extensions, Map<String, String> out) {
    AuthorityInformationAccess access = AuthorityInformationAccess.fromExtensions(extensions);
    if (access == null) {
      return;
    }
    List<String> entries = new ArrayList<>();
    for (AccessDescription description : access.getAccessDescriptions()) {
      String method =
          description.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
              ? "OCSP"
              : description.getAccessMethod().equals(AccessDescription.id_ad_caIssuers)
                  ? "CA issuers"
                  : description.getAccessMethod().getId();
      entries.add(method + ": " + names(new GeneralName[] {description.getAccessLocation()}));
    }
    out.put("field.authorityInformationAccess", String.join(", ", entries));
  }

  private static void others(Extensions extensions, Map<String, String> out) {
    List<String> others = new ArrayList<>();
    for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
      if (!NAMED.contains(oid)) {
        others.add(oid.getId() + (extensions.getExtension(oid).isCritical() ? " (critical)" : ""));
      }
    }
    if (!others.isEmpty()) {
      out.put("field.otherExtensions", String.join(", ", others));
    }
  }

  private static String names(GeneralName[] names) {
    List<String> shown = new ArrayList<>();
    for (GeneralName name : names) {
      shown.add(
          switch (name.getTagNo()) {
            case GeneralName.dNSName -> "DNS:" + text(name);
            case GeneralName.rfc822Name -> "email:" + text(name);
            case GeneralName.uniformResourceIdentifier -> "URI:" + text(name);
            case GeneralName.iPAddress -> "IP:" + ip(name);
            case GeneralName.directoryName ->
                "DirName:" + display(X500Name.getInstance(name.getName()));
            default -> "other:" + name.getName();
          });
    }
    return String.join(", ", shown);
  }

  private static String text(GeneralName name) {
    return ((ASN1String) name.getName()).getString();
  }

  private static String ip(GeneralName name) {
    byte[] address = DEROctetString.getInstance(name.getName()).getOctets();
    try {
      return java.net.InetAddress.getByAddress(address).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return HEX.formatHex(address);
    }
  }

  private static String key(SubjectPublicKeyInfo info) {
    ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
    try {
      if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
        RSAPublicKey rsa = RSAPublicKey.getInstance(info.parsePublicKey());
        return "RSA " + rsa.getModulus().bitLength() + " bits";
      }
    } catch (IOException e) {
      return "RSA (unreadable)";
    }
    if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      var parameters = info.getAlgorithm().getParameters();
      if (parameters instanceof ASN1ObjectIdentifier curve) {
        String name = ECNamedCurveTable.getName(curve);
        return "EC " + (name == null ? curve.getId() : name);
      }
      return "EC";
    }
    if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
      return "Ed25519";
    }
    return algorithm.getId();
  }

  private static String fingerprint(byte[] der, String digest) {
    try {
      return FINGERPRINT.formatHex(MessageDigest.getInstance(digest).digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(digest + " is part of every JDK", e);
    }
  }

  static String display(X500Name name) {
    return X500Name.getInstance(BCStyle.INSTANCE, name).toString();
  }

  private static X509CertificateHolder holder(byte[] der) {
    try {
      return new X509CertificateHolder(der);
    } catch (IOException e) {
      throw new IllegalStateException("a stored certificate does not parse", e);
    }
  }
}
