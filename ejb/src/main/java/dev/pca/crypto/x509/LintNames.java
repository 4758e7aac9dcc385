package dev.pca.crypto.x509;

import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The lint rules on names: a subject or subjectAltName to name the subject by, and subjectAltName
 * entries in the syntax their type demands.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.6">RFC 5280 4.2.1.6</a>
 */
final class LintNames {
  /** A letter-digit-hyphen label of 1 to 63 characters, neither starting nor ending with '-'. */
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private static final int MAX_DNS_NAME = 253;

  private LintNames() {}

  static void check(X509CertificateHolder cert, List<String> out) {
    Extension extension = cert.getExtension(Extension.subjectAlternativeName);
    boolean emptySubject = cert.getSubject().getRDNs().length == 0;
    if (extension == null) {
      if (emptySubject && !LintConstraints.isCa(cert)) {
        out.add("an end-entity certificate needs a subject or a subjectAltName");
      }
      return;
    }
    // RFC 5280 4.2.1.6: "If the subject field contains an empty sequence, then the issuing CA MUST
    // include a subjectAltName extension that is marked as critical."
    if (emptySubject && !extension.isCritical()) {
      out.add("the subject is empty but subjectAltName is not critical (RFC 5280 4.2.1.6)");
    }
    GeneralName[] names = GeneralNames.getInstance(extension.getParsedValue()).getNames();
    if (names.length == 0) {
      out.add("subjectAltName is empty (RFC 5280 4.2.1.6: at least one entry)");
    }
    for (GeneralName name : names) {
      checkName(name, out);
    }
  }

  private static void checkName(GeneralName name, List<String> out) {
    switch (name.getTagNo()) {
      case GeneralName.dNSName -> {
        String dns = ((ASN1String) name.getName()).getString();
        if (!validDnsName(dns)) {
          out.add("subjectAltName dNSName is not a valid host name: " + printable(dns));
        }
      }
      case GeneralName.iPAddress -> {
        int octets = ASN1OctetString.getInstance(name.getName()).getOctets().length;
        if (octets != 4 && octets != 16) {
          out.add("subjectAltName iPAddress has " + octets + " octets, not 4 or 16");
        }
      }
      case GeneralName.rfc822Name -> {
        String mailbox = ((ASN1String) name.getName()).getString();
        if (!validMailbox(mailbox)) {
          out.add("subjectAltName rfc822Name is not a mailbox: " + printable(mailbox));
        }
      }
      default -> {
        // Other name forms have no syntax this CA issues or checks.
      }
    }
  }

  /**
   * RFC 5280 4.2.1.6: "The name MUST be in the "preferred name syntax", as specified by Section 3.5
   * of [RFC1034] and as modified by Section 2.1 of [RFC1123]." A wildcard may only be the whole
   * leftmost label.
   */
  static boolean validDnsName(String name) {
    String host = name.startsWith("*.") ? name.substring(2) : name;
    if (host.isEmpty() || name.length() > MAX_DNS_NAME) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /** RFC 5280 4.2.1.6: an rfc822Name is a "Mailbox": local-part "@" domain, one '@' only. */
  static boolean validMailbox(String mailbox) {
    int at = mailbox.indexOf('@');
    return at > 0
        && at == mailbox.lastIndexOf('@')
        && !mailbox.substring(at + 1).startsWith("*.")
        && validDnsName(mailbox.substring(at + 1));
  }

  /** Names go into messages that people read: keep them short and printable. */
  private static String printable(String value) {
    String shortened = value.length() > 80 ? value.substring(0, 80) + "..." : value;
    return '"' + shortened.replaceAll("[^\\x20-\\x7e]", "?") + '"';
  }
}
