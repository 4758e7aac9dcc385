package dev.pca.web;

import dev.pca.crypto.x509.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Certificates in the forms clients ask for: PEM, DER, PEM chain (RFC 8555 7.4.2) and certs-only
 * PKCS#7. The REST API and the console's downloads both encode through here, so a file is the same
 * bytes whichever face it came from.
 */
public enum CertificateFormat {
  PEM("application/x-pem-file", ".pem"),
  DER("application/pkix-cert", ".cer"),
  CHAIN("application/pem-certificate-chain", ".chain.pem"),
  PKCS7("application/pkcs7-mime", ".p7b");

  private final String mediaType;
  private final String extension;

  CertificateFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** The media type, without parameters. */
  public String mediaType() {
    return mediaType;
  }

  /** What a saved file's name ends with. */
  public String extension() {
    return extension;
  }

  /**
   * The encoding of {@code chain} (the certificate first, then its issuers up to the root): PEM and
   * DER take the first certificate only, CHAIN and PKCS7 all of them.
   */
  public byte[] encode(List<byte[]> chain) {
    return switch (this) {
      case PEM -> ascii(Pem.certificate(holder(chain.get(0))));
      case DER -> chain.get(0).clone();
      case CHAIN -> ascii(Pem.chain(holders(chain)));
      case PKCS7 -> Pem.pkcs7(holders(chain));
    };
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
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
