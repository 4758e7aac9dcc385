package dev.pca.application.internal;

import dev.pca.application.CaException;
import dev.pca.domain.policy.San;
import dev.pca.domain.policy.SubjectField;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/** Translation between X.509 names and the policy's plain names, both ways. */
final class Requests {
  private Requests() {}

  static List<SubjectField> subject(X500Name name) throws CaException {
    List<SubjectField> fields = new ArrayList<>();
    for (RDN rdn : name.getRDNs()) {
      for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
        String label = BCStyle.INSTANCE.oidToDisplayName(value.getType());
        if (label == null || !(value.getValue() instanceof ASN1String text)) {
          throw new CaException(
              CaException.Reason.BAD_CSR, "the CSR's subject has an attribute this CA cannot read");
        }
        fields.add(new SubjectField(label.toUpperCase(java.util.Locale.ROOT), text.getString()));
      }
    }
    return fields;
  }

  static X500Name subject(List<SubjectField> fields) {
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
    for (SubjectField field : fields) {
      ASN1ObjectIdentifier oid = BCStyle.INSTANCE.attrNameToOID(field.name());
      builder.addRDN(oid, field.value());
    }
    return builder.build();
  }

  static List<San> sans(List<GeneralName> names) throws CaException {
    List<San> sans = new ArrayList<>();
    for (GeneralName name : names) {
      sans.add(
          switch (name.getTagNo()) {
            case GeneralName.dNSName -> new San(San.Type.DNS, text(name));
            case GeneralName.rfc822Name -> new San(San.Type.EMAIL, text(name));
            case GeneralName.uniformResourceIdentifier -> new San(San.Type.URI, text(name));
            case GeneralName.iPAddress -> new San(San.Type.IP, address(name));
            default ->
                throw new CaException(
                    CaException.Reason.BAD_CSR,
                    "the CSR asks for a kind of subject alternative name this CA does not issue");
          });
    }
    return sans;
  }

  static List<GeneralName> generalNames(List<San> sans) {
    return sans.stream()
        .map(
            san ->
                switch (san.type()) {
                  case DNS -> new GeneralName(GeneralName.dNSName, san.value());
                  case EMAIL -> new GeneralName(GeneralName.rfc822Name, san.value());
                  case URI -> new GeneralName(GeneralName.uniformResourceIdentifier, san.value());
                  case IP -> new GeneralName(GeneralName.iPAddress, san.value());
                })
        .toList();
  }

  /** The subject alternative names a certificate carries; empty when it has none. */
  static List<GeneralName> generalNames(X509CertificateHolder certificate) {
    GeneralNames names =
        GeneralNames.fromExtensions(certificate.getExtensions(), Extension.subjectAlternativeName);
    return names == null ? List.of() : List.of(names.getNames());
  }

  /** A DN as people read it: CN=..., O=... (RFC 4514 order kept as encoded). */
  static String display(X500Name name) {
    return X500Name.getInstance(BCStyle.INSTANCE, name).toString();
  }

  /** The SANs as stored for search: "DNS:a.example.com, IP:10.0.0.1". */
  static String searchable(List<San> sans) {
    return String.join(", ", sans.stream().map(s -> s.type() + ":" + s.value()).toList());
  }

  private static String text(GeneralName name) {
    return ((ASN1String) name.getName()).getString();
  }

  private static String address(GeneralName name) throws CaException {
    try {
      byte[] octets = ASN1OctetString.getInstance(name.getName()).getOctets();
      return InetAddress.getByAddress(octets).getHostAddress();
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new CaException(CaException.Reason.BAD_CSR, "the CSR has a malformed IP address SAN");
    }
  }
}
