package dev.pca.domain.policy;

/**
 * The rule a request broke. Each has a stable machine name (the enum name) used in API errors, so
 * constants may be added but never renamed.
 */
public enum Rule {
  /** The requested validity is not positive or longer than the template's maximum. */
  MAX_VALIDITY,
  /** The key algorithm is not among the template's allowed keys. */
  KEY_ALGORITHM,
  /** The key algorithm is allowed but the key is smaller than every matching rule allows. */
  KEY_SIZE,
  /** A dNSName is not allowed by any suffix or pattern, or is a wildcard the template refuses. */
  DNS_NAME,
  /** An iPAddress is outside every allowed range. */
  IP_ADDRESS,
  /** An rfc822Name's domain is not an allowed email domain. */
  EMAIL_ADDRESS,
  /** A uniformResourceIdentifier does not start with an allowed prefix. */
  URI,
  /** More subject alternative names than the template allows. */
  SAN_COUNT,
  /** The template wants the CN repeated as a SAN and it is not. */
  CN_NOT_IN_SANS,
  /** The CSR sets a subject field the template does not let it set. */
  SUBJECT_FIELD,
  /** Neither a SAN nor a CN: the certificate would name nobody. */
  NO_IDENTITY,
  /** A name is not well-formed, or the request is larger than this CA judges. */
  MALFORMED_NAME
}
