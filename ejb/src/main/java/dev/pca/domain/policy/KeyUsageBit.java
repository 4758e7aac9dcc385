package dev.pca.domain.policy;

/** Key usage bits, RFC 5280 4.2.1.3 names, in the bit order of the KeyUsage BIT STRING. */
public enum KeyUsageBit {
  DIGITAL_SIGNATURE,
  NON_REPUDIATION,
  KEY_ENCIPHERMENT,
  DATA_ENCIPHERMENT,
  KEY_AGREEMENT,
  KEY_CERT_SIGN,
  CRL_SIGN,
  ENCIPHER_ONLY,
  DECIPHER_ONLY
}
