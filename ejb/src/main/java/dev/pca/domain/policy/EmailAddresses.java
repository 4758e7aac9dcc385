package dev.pca.domain.policy;

/**
 * rfc822Name syntax. RFC 5280 4.2.1.6: "The format of an rfc822Name is a "Mailbox" as defined in
 * Section 4.1.2 of [RFC2821]." Kept to the dot-atom local part and a host-name domain: quoted local
 * parts and address literals are legal there but no mail client we serve needs them.
 */
final class EmailAddresses {
  /** RFC 5321 4.5.3.1.1 and 4.5.3.1.3: local part 64 octets, path 256 with the angle brackets. */
  private static final int MAX_LOCAL = 64;

  private static final int MAX_MAILBOX = 254;
  private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

  private EmailAddresses() {}

  /** Why {@code mailbox} is not local@domain, or null when it is. */
  static String problem(String mailbox) {
    if (mailbox.length() > MAX_MAILBOX) {
      return "is longer than " + MAX_MAILBOX + " characters";
    }
    int at = mailbox.lastIndexOf('@');
    if (at < 0) {
      return "has no @";
    }
    String local = mailbox.substring(0, at);
    if (local.isEmpty() || local.length() > MAX_LOCAL) {
      return "needs a local part of 1 to " + MAX_LOCAL + " characters";
    }
    if (!isDotAtom(local)) {
      return "has a local part that is not a dot-atom (RFC 5321 4.1.2)";
    }
    String domainProblem = DnsNames.problem(mailbox.substring(at + 1), false);
    return domainProblem == null ? null : "has a domain that " + domainProblem;
  }

  /** The domain of a well-formed mailbox, lower-cased. */
  static String domain(String mailbox) {
    return DnsNames.lower(mailbox.substring(mailbox.lastIndexOf('@') + 1));
  }

  private static boolean isDotAtom(String local) {
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      return false;
    }
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && c != '.' && ATEXT_SPECIALS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
