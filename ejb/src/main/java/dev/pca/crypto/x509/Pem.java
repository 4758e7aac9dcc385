package dev.pca.crypto.x509;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.util.CollectionStore;

/**
 * Certificates as text and as PKCS#7: the textual encoding of RFC 7468 with "\n" line ends and
 * 64-character lines, and certs-only CMS SignedData.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7468">RFC 7468</a>
 */
public final class Pem {
  static final Set<String> CERTIFICATE = Set.of("CERTIFICATE");
  static final Set<String> CERTIFICATE_REQUEST =
      Set.of("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");

  /**
   * One PEM block and nothing else but white space around it. No two parts can match the same
   * characters, so matching never backtracks far, whatever the input.
   */
  private static final Pattern BLOCK =
      Pattern.compile(
          "\\s*-----BEGIN ([A-Z0-9 ]{1,40})-----([A-Za-z0-9+/=\\s]*)-----END \\1-----\\s*");

  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  /** One "CERTIFICATE" block. */
  public static String certificate(X509CertificateHolder certificate) {
    return encode("CERTIFICATE", encoded(certificate));
  }

  /** The certificates' blocks one after the other, in the order given (leaf first, usually). */
  public static String chain(List<X509CertificateHolder> chain) {
    StringBuilder text = new StringBuilder();
    chain.forEach(certificate -> text.append(certificate(certificate)));
    return text.toString();
  }

  /**
   * A degenerate, certs-only CMS SignedData in DER, as EST's /cacerts and SCEP send. DER sorts the
   * SET OF certificates, so the order given is not kept.
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc5652#section-5.1">RFC 5652 5.1</a>
   */
  public static byte[] pkcs7(List<X509CertificateHolder> certificates) {
    CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
    try {
      generator.addCertificates(new CollectionStore<>(List.copyOf(certificates)));
      return generator.generate(new CMSAbsentContent()).getEncoded(ASN1Encoding.DER);
    } catch (CMSException | IOException e) {
      throw new IllegalStateException("certificates cannot be put into PKCS#7", e);
    }
  }

  /**
   * One certificate from DER or from a single PEM "CERTIFICATE" block.
   *
   * @throws IllegalArgumentException when the input is anything else, or has bytes after it
   */
  public static X509CertificateHolder parseCertificate(byte[] derOrPem) {
    try {
      byte[] der = decode(derOrPem, CERTIFICATE);
      return new X509CertificateHolder(Certificate.getInstance(ASN1Primitive.fromByteArray(der)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not one X.509 certificate");
    }
  }

  static String encode(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + BASE64.encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  /**
   * The DER inside a PEM block whose label is one of {@code labels}; the input itself when it is no
   * PEM (DER starts with a SEQUENCE tag, never with white space or '-').
   *
   * @throws IOException when the input is PEM of another label, or not one well-formed block
   */
  static byte[] decode(byte[] input, Set<String> labels) throws IOException {
    if (!looksLikePem(input)) {
      return input;
    }
    Matcher block = BLOCK.matcher(new String(input, StandardCharsets.US_ASCII));
    if (!block.matches() || !labels.contains(block.group(1))) {
      throw new IOException("not one PEM block of " + labels);
    }
    try {
      return Base64.getDecoder().decode(block.group(2).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IOException("bad Base64 in PEM", e);
    }
  }

  private static boolean looksLikePem(byte[] input) {
    for (byte b : input) {
      if (b == '-') {
        return true;
      }
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return false;
  }

  private static byte[] encoded(X509CertificateHolder certificate) {
    try {
      return certificate.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("a parsed certificate re-encodes", e);
    }
  }
}
