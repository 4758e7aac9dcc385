package dev.pca.enrollment.est;

import dev.pca.application.Enrollments.Proof;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;

/**
 * What finds a pending request again when a device repeats it. EST has no transaction id: "The
 * server is responsible for maintaining all states necessary to recognize and handle retry
 * operations as the client is stateless in this regard; it simply sends the same request
 * repeatedly" (RFC 7030 section 4.2.3). The same request is the same operation with the same CSR
 * and the same credentials, so the id is their SHA-256: a retry finds the request, and nobody
 * without the device's password or certificate key can make its id.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030#section-4.2.3">RFC 7030 section 4.2.3</a>
 */
final class RetryId {
  private RetryId() {}

  static String of(String operation, byte[] csr, Proof proof) {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    field(input, operation.getBytes(StandardCharsets.UTF_8));
    field(input, csr);
    if (proof.certificate() != null) {
      try {
        field(input, proof.certificate().getEncoded());
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("a certificate from the TLS layer does not encode", e);
      }
    } else {
      field(input, (proof.username() + ":" + proof.password()).getBytes(StandardCharsets.UTF_8));
    }
    try {
      return "est-"
          + HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(input.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Length-prefixed, so that no two different inputs run together into the same bytes. */
  private static void field(ByteArrayOutputStream input, byte[] bytes) {
    input.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
    input.writeBytes(bytes);
  }
}
