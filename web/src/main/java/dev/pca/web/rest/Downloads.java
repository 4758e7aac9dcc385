package dev.pca.web.rest;

import dev.pca.web.CertificateFormat;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Downloads as JAX-RS answers; the encoding itself is {@link CertificateFormat}'s. */
final class Downloads {
  static final String PEM = "application/x-pem-file";
  static final String DER = "application/pkix-cert";
  static final String CHAIN = "application/pem-certificate-chain";
  static final String PKCS7 = "application/pkcs7-mime";

  private Downloads() {}

  static Response single(byte[] der, String accept) {
    CertificateFormat format =
        accept != null && accept.contains(DER) ? CertificateFormat.DER : CertificateFormat.PEM;
    return answer(format, List.of(der), format.mediaType());
  }

  static Response chain(List<byte[]> ders) {
    return answer(CertificateFormat.CHAIN, ders, CHAIN);
  }

  static Response pkcs7(List<byte[]> ders) {
    return answer(CertificateFormat.PKCS7, ders, PKCS7 + "; smime-type=certs-only");
  }

  private static Response answer(CertificateFormat format, List<byte[]> ders, String type) {
    return Response.ok(format.encode(ders), type).build();
  }
}
