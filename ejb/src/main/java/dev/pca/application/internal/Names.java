package dev.pca.application.internal;

import dev.pca.application.CaException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.RFC4519Style;

/** Distinguished names as callers write them (RFC 4514), read strictly. */
final class Names {
  private Names() {}

  static X500Name dn(String text) throws CaException {
    try {
      X500Name name = new X500Name(RFC4519Style.INSTANCE, text);
      if (name.getRDNs().length == 0) {
        throw new IllegalArgumentException("empty");
      }
      return name;
    } catch (IllegalArgumentException e) {
      throw new CaException(
          CaException.Reason.INVALID, "not a distinguished name as RFC 4514 writes one: " + text);
    }
  }
}
