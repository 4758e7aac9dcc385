package dev.pca.enrollment.scep;

/**
 * Bytes that are no pkiMessage at all (not CMS, no signer, no transactionID or senderNonce to
 * answer to): a transport fault, answered with HTTP 400 as no CertRep can be addressed.
 */
public class MalformedMessage extends Exception {
  public MalformedMessage(String message) {
    super(message);
  }

  public MalformedMessage(String message, Throwable cause) {
    super(message, cause);
  }
}
