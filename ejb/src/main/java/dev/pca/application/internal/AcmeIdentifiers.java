package dev.pca.application.internal;

import dev.pca.application.Acme.Identifier;
import dev.pca.application.Acme.Problem;
import dev.pca.application.Acme.ProblemType;
import dev.pca.application.Acme.Subproblem;
import dev.pca.domain.policy.Decision;
import dev.pca.domain.policy.KeyRule;
import dev.pca.domain.policy.RequestFacts;
import dev.pca.domain.policy.Rule;
import dev.pca.domain.policy.San;
import dev.pca.domain.policy.TemplatePolicy;
import dev.pca.domain.policy.TemplateSpec;
import dev.pca.domain.policy.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/**
 * The identifiers of an ACME order: which kinds exist (dns, and ip of RFC 8738), how the profile's
 * template judges them before any challenge is made, which challenges prove them, and whether a CSR
 * names exactly them.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.4">RFC 8555 section 7.4</a>
 */
final class AcmeIdentifiers {
  static final String DNS = "dns";
  static final String IP = "ip";
  static final String HTTP_01 = "http-01";
  static final String DNS_01 = "dns-01";
  static final String TLS_ALPN_01 = "tls-alpn-01";

  /** No order names more; the template's own SAN limit is usually far lower. */
  static final int MAX = 100;

  private static final String WILDCARD = "*.";
  private static final int MAX_VALUE = 255;

  private AcmeIdentifiers() {}

  /**
   * The identifiers as the order keeps them: dns names lower-cased, duplicates dropped. Types other
   * than dns and ip are UNSUPPORTED_IDENTIFIER, one subproblem each.
   */
  static List<Identifier> requested(List<Identifier> given) throws Problem {
    if (given == null || given.isEmpty()) {
      throw new Problem(ProblemType.MALFORMED, "an order names at least one identifier");
    }
    if (given.size() > MAX) {
      throw new Problem(
          ProblemType.REJECTED_IDENTIFIER, "an order names at most " + MAX + " identifiers");
    }
    Set<Identifier> kept = new LinkedHashSet<>();
    List<Subproblem> unsupported = new ArrayList<>();
    for (Identifier identifier : given) {
      if (identifier == null || identifier.type() == null || identifier.value() == null) {
        throw new Problem(ProblemType.MALFORMED, "an identifier has a type and a value");
      }
      if (identifier.value().length() > MAX_VALUE) {
        throw new Problem(
            ProblemType.MALFORMED, "an identifier has at most " + MAX_VALUE + " characters");
      }
      switch (identifier.type()) {
        case DNS -> kept.add(new Identifier(DNS, identifier.value().toLowerCase(Locale.ROOT)));
        case IP -> kept.add(identifier);
        default ->
            unsupported.add(
                new Subproblem(
                    ProblemType.UNSUPPORTED_IDENTIFIER,
                    "this CA certifies dns and ip identifiers only",
                    identifier));
      }
    }
    if (!unsupported.isEmpty()) {
      throw new Problem(
          ProblemType.UNSUPPORTED_IDENTIFIER,
          "the order names identifiers of a type this CA does not certify",
          unsupported,
          null);
    }
    return List.copyOf(kept);
  }

  /**
   * The identifiers in the form they are certified in (IP addresses canonical), if the template
   * would certify them for {@code validity} (null: its own). The template is asked as issuance asks
   * it, about a request that names just these SANs with a key the template takes, so that only the
   * names can be refused: REJECTED_IDENTIFIER with a subproblem per identifier refused, MALFORMED
   * for a validity the template refuses.
   */
  static List<Identifier> judged(
      TemplateSpec template, List<Identifier> identifiers, Duration validity) throws Problem {
    Decision decision = TemplatePolicy.check(template, preview(template, identifiers, validity));
    if (decision.approved()) {
      List<Identifier> certified = new ArrayList<>();
      for (San san : decision.sans()) {
        certified.add(new Identifier(san.type() == San.Type.IP ? IP : DNS, san.value()));
      }
      return List.copyOf(new LinkedHashSet<>(certified));
    }
    for (Violation violation : decision.violations()) {
      if (violation.rule() == Rule.MAX_VALIDITY) {
        throw new Problem(ProblemType.MALFORMED, violation.detail());
      }
    }
    List<Subproblem> refused = new ArrayList<>();
    for (Identifier identifier : identifiers) {
      Decision alone = TemplatePolicy.check(template, preview(template, List.of(identifier), null));
      for (Violation violation : alone.violations()) {
        if (aboutName(violation.rule())) {
          ProblemType type =
              violation.rule() == Rule.MALFORMED_NAME
                  ? ProblemType.MALFORMED
                  : ProblemType.REJECTED_IDENTIFIER;
          refused.add(new Subproblem(type, violation.detail(), identifier));
        }
      }
    }
    String count =
        decision.violations().stream()
            .filter(v -> v.rule() == Rule.SAN_COUNT)
            .map(Violation::detail)
            .findFirst()
            .orElse(null);
    if (refused.isEmpty() && count == null) {
      // Only rules about other parts of a request broke (a CN among the template's subject
      // defaults, say): the template cannot serve ACME at all.
      Violation first = decision.violations().get(0);
      throw new Problem(
          ProblemType.REJECTED_IDENTIFIER,
          "the profile's template refuses the order: " + first.rule() + " " + first.detail());
    }
    String detail =
        count != null
            ? count
            : "the profile's template refuses "
                + refused.stream().map(Subproblem::identifier).distinct().count()
                + " of the identifiers";
    throw new Problem(ProblemType.REJECTED_IDENTIFIER, detail, refused, null);
  }

  private static boolean aboutName(Rule rule) {
    return rule == Rule.DNS_NAME || rule == Rule.IP_ADDRESS || rule == Rule.MALFORMED_NAME;
  }

  /** A request the template can refuse only for its names (and validity). */
  private static RequestFacts preview(
      TemplateSpec template, List<Identifier> identifiers, Duration validity) {
    KeyRule key = template.limits().allowedKeys().get(0);
    return new RequestFacts(List.of(), key.algorithm(), key.minBits(), sans(identifiers), validity);
  }

  /** The SANs that certify the identifiers. */
  static List<San> sans(List<Identifier> identifiers) {
    return identifiers.stream()
        .map(i -> new San(i.type().equals(IP) ? San.Type.IP : San.Type.DNS, i.value()))
        .toList();
  }

  static boolean wildcard(Identifier identifier) {
    return identifier.type().equals(DNS) && identifier.value().startsWith(WILDCARD);
  }

  /** What an authorization is for: the name without "*." for a wildcard (section 7.1.3). */
  static String authorized(Identifier identifier) {
    return wildcard(identifier)
        ? identifier.value().substring(WILDCARD.length())
        : identifier.value();
  }

  /**
   * The challenges that can prove an identifier: for a wildcard only dns-01 (section 7.1.3); for an
   * IP address http-01 and tls-alpn-01, as there is no DNS name to put a TXT record under (RFC 8738
   * section 7).
   */
  static List<String> challengeTypes(Identifier identifier) {
    if (identifier.type().equals(IP)) {
      return List.of(HTTP_01, TLS_ALPN_01);
    }
    return wildcard(identifier) ? List.of(DNS_01) : List.of(HTTP_01, DNS_01, TLS_ALPN_01);
  }

  /**
   * Whether a CSR names exactly the order's identifiers. Section 7.4: "The CSR MUST indicate the
   * exact same set of requested identifiers as the initial newOrder request. Identifiers of type
   * "dns" MUST appear either in the commonName portion of the requested subject name or in an
   * extensionRequest attribute [RFC2985] requesting a subjectAltName extension, or both." A CN must
   * be one of them. BAD_CSR otherwise.
   */
  static void requireExactly(List<Identifier> ordered, List<GeneralName> sans, X500Name subject)
      throws Problem {
    Set<String> wanted = new LinkedHashSet<>();
    for (Identifier identifier : ordered) {
      wanted.add(key(identifier));
    }
    Set<String> named = new LinkedHashSet<>();
    for (GeneralName name : sans) {
      named.add(key(name));
    }
    for (String cn : commonNames(subject)) {
      String key = IPAddress.isValid(cn) ? ipKey(ipOctets(cn)) : DNS + ":" + lower(cn);
      if (!wanted.contains(key)) {
        throw new Problem(
            ProblemType.BAD_CSR, "the CSR's common name is not one of the order's identifiers");
      }
      named.add(key);
    }
    if (!named.equals(wanted)) {
      throw new Problem(
          ProblemType.BAD_CSR, "the CSR does not name exactly the identifiers of the order");
    }
  }

  private static String key(Identifier identifier) {
    return identifier.type().equals(IP)
        ? ipKey(ipOctets(identifier.value()))
        : DNS + ":" + lower(identifier.value());
  }

  private static String key(GeneralName name) throws Problem {
    switch (name.getTagNo()) {
      case GeneralName.dNSName:
        return DNS + ":" + lower(((ASN1String) name.getName()).getString());
      case GeneralName.iPAddress:
        byte[] octets = ASN1OctetString.getInstance(name.getName()).getOctets();
        if (octets.length != 4 && octets.length != 16) {
          throw new Problem(ProblemType.BAD_CSR, "the CSR has a malformed IP address");
        }
        return ipKey(octets);
      default:
        throw new Problem(
            ProblemType.BAD_CSR, "the CSR names something other than DNS names and IP addresses");
    }
  }

  /** The octets of an IP literal, parsed by Bouncy Castle: never a name lookup. */
  private static byte[] ipOctets(String literal) {
    if (!IPAddress.isValid(literal)) {
      return new byte[0];
    }
    return ASN1OctetString.getInstance(new GeneralName(GeneralName.iPAddress, literal).getName())
        .getOctets();
  }

  private static String ipKey(byte[] octets) {
    return IP + ":" + HexFormat.of().formatHex(octets);
  }

  private static List<String> commonNames(X500Name subject) throws Problem {
    List<String> names = new ArrayList<>();
    for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
      for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
        if (!value.getType().equals(BCStyle.CN)) {
          continue;
        }
        if (!(value.getValue() instanceof ASN1String text)) {
          throw new Problem(ProblemType.BAD_CSR, "the CSR's common name is not a string");
        }
        names.add(text.getString());
      }
    }
    return names;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
