package dev.pca.web.rest;

import dev.pca.crypto.x509.Pem;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/** Certificates in the forms clients ask for: PEM, DER, PEM chain (RFC 8555 7.4.2), PKCS#7. */
final class Downloads {
  static final String PEM = "application/x-pem-file";
  static final String DER = "application/pkix-cert";
  static final String CHAIN = "application/pem-certificate-chain";
  static final String PKCS7 = "application/pkcs7-mime";

  private Downloads() {}

  static Response single(byte[] der, String accept) {
    if (accept != null && accept.contains(DER)) {
      return Response.ok(der, DER).build();
    }
    return Response.ok(Pem.certificate(holder(der)), PEM).build();
  }

  static Response chain(List<byte[]> ders) {
    return Response.ok(Pem.chain(holders(ders)), CHAIN).build();
  }

  static Response pkcs7(List<byte[]> ders) {
    return Response.ok(Pem.pkcs7(holders(ders)), PKCS7 + "; smime-type=certs-only").build();
  }

  private static List<X509CertificateHolder> holders(List<byte[]> ders) {
    List<X509CertificateHolder> holders = new ArrayList<>();
    ders.forEach(der -> holders.add(holder(der)));
    return holders;
  }

  private static X509CertificateHolder holder(byte[] der) {
    try {
      return new X509CertificateHolder(der);
    } catch (IOException e) {
      throw new IllegalStateException("a stored certificate does not parse", e);
    }
  }
}
