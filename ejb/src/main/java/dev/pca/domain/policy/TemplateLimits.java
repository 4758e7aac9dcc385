package dev.pca.domain.policy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Limits of a template. Empty lists mean "none of this kind allowed". Null collections are taken as
 * empty; {@link TemplateSpec#problems()} says what else is wrong.
 *
 * @param maxValidity required, &gt; 0
 * @param allowedKeys non-empty
 * @param dnsSuffixes "example.com" allows example.com and any name under it; ".example.com" allows
 *     only names strictly under it; case-insensitive
 * @param dnsPatterns whole-label wildcards, "*" matching exactly one label, e.g.
 *     "*.svc.example.com"; partial labels like "web-*" are not supported
 * @param allowWildcardNames whether a requested dNSName may itself be a wildcard ("*.example.com");
 *     it must still be allowed literally by a suffix or pattern
 * @param ipRanges CIDR, IPv4 and IPv6; a single address without /len means /32 or /128
 * @param emailDomains exact rfc822Name domains, case-insensitive
 * @param uriPrefixes a URI SAN must start with one of them, e.g. "spiffe://example.org/"
 * @param maxSans &gt;= 0
 * @param cnMustBeSan the CN (if any) must equal one of the DNS/IP/EMAIL SAN values
 * @param csrSubjectFields short names that a CSR may set, e.g. CN, O, OU
 */
public record TemplateLimits(
    Duration maxValidity,
    List<KeyRule> allowedKeys,
    List<String> dnsSuffixes,
    List<String> dnsPatterns,
    boolean allowWildcardNames,
    List<String> ipRanges,
    List<String> emailDomains,
    List<String> uriPrefixes,
    int maxSans,
    boolean cnMustBeSan,
    Set<String> csrSubjectFields) {
  public TemplateLimits {
    allowedKeys = Copies.list(allowedKeys);
    dnsSuffixes = Copies.list(dnsSuffixes);
    dnsPatterns = Copies.list(dnsPatterns);
    ipRanges = Copies.list(ipRanges);
    emailDomains = Copies.list(emailDomains);
    uriPrefixes = Copies.list(uriPrefixes);
    csrSubjectFields = Copies.set(csrSubjectFields);
  }
}
