package dev.pca.ocsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;

/**
 * Bytes in, bytes out: reads OCSP requests within fixed bounds and writes the error answers, which
 * carry a status and no responseBytes (RFC 6960 section 2.3).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#section-4.2.1">RFC 6960 section 4.2.1</a>
 */
public final class OcspCodec {
  /** Larger requests are refused unread: a real one with a few entries is a few hundred bytes. */
  public static final int MAX_REQUEST_BYTES = 64 * 1024;

  /** More certificates than this in one request is refused as malformed. */
  public static final int MAX_ENTRIES = 16;

  /**
   * RFC 8954 section 2.1: "Nonce ::= OCTET STRING(SIZE(1..32))", and a responder "MUST reject any
   * OCSP request that has a nonce in the OCSP request nonce extension with a length of either 0
   * octets or greater than 32 octets" with malformedRequest.
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc8954#section-2.1">RFC 8954 section 2.1</a>
   */
  public static final int MAX_NONCE_BYTES = 32;

  /** A request that could not be read. */
  public static final class Malformed extends Exception {
    Malformed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private OcspCodec() {}

  /** Reads a POST body of at most {@link #MAX_REQUEST_BYTES}. */
  public static OCSPReq readPost(InputStream body) throws IOException, Malformed {
    byte[] bytes = body.readNBytes(MAX_REQUEST_BYTES + 1);
    if (bytes.length > MAX_REQUEST_BYTES) {
      throw new Malformed("request over " + MAX_REQUEST_BYTES + " bytes", null);
    }
    return decode(bytes);
  }

  /**
   * Reads the RFC 5019 GET form: the URL-encoding of the base64 of the DER request, after the
   * responder's path. Only %XX escapes are decoded: clients that leave base64's '+' and '/' as they
   * are mean them literally, so '+' is no space here.
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc5019#section-5">RFC 5019 section 5</a>
   */
  public static OCSPReq readGet(String encodedPath) throws Malformed {
    if (encodedPath.length() > MAX_REQUEST_BYTES * 2) {
      throw new Malformed("request path too long", null);
    }
    try {
      return decode(Base64.getMimeDecoder().decode(percentDecoded(encodedPath)));
    } catch (IllegalArgumentException e) {
      throw new Malformed("the path is not URL-encoded base64", e);
    }
  }

  private static byte[] percentDecoded(String path) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        if (i + 2 >= path.length()) {
          throw new IllegalArgumentException("a cut-off %-escape");
        }
        out.write(Integer.parseInt(path, i + 1, i + 3, 16));
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        throw new IllegalArgumentException("a character that is no base64");
      }
    }
    return out.toByteArray();
  }

  static OCSPReq decode(byte[] der) throws Malformed {
    if (der.length == 0) {
      throw new Malformed("empty request", null);
    }
    OCSPReq request;
    try {
      request = new OCSPReq(der);
    } catch (IOException | RuntimeException e) {
      throw new Malformed("not a DER OCSPRequest", e);
    }
    int entries = request.getRequestList().length;
    if (entries == 0 || entries > MAX_ENTRIES) {
      throw new Malformed(entries + " certificates in one request", null);
    }
    nonce(request);
    return request;
  }

  /**
   * The request's nonce extension, to be echoed unchanged, or null. RFC 8954 defines the value as
   * an OCTET STRING inside extnValue; some clients put the bare octets there, so the length is that
   * of the inner OCTET STRING when there is one and of extnValue otherwise.
   */
  public static Extension nonce(OCSPReq request) throws Malformed {
    Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    if (nonce == null) {
      return null;
    }
    int length = nonceLength(nonce.getExtnValue().getOctets());
    if (length < 1 || length > MAX_NONCE_BYTES) {
      throw new Malformed("a nonce of " + length + " octets (RFC 8954: 1 to 32)", null);
    }
    return nonce;
  }

  private static int nonceLength(byte[] value) {
    try {
      ASN1Primitive inner = ASN1Primitive.fromByteArray(value);
      if (inner instanceof ASN1OctetString octets && Arrays.equals(inner.getEncoded(), value)) {
        return octets.getOctets().length;
      }
    } catch (IOException | RuntimeException e) {
      // Not DER: the bare octets are the nonce.
    }
    return value.length;
  }

  /** An answer with only a status: malformedRequest, internalError, tryLater or unauthorized. */
  public static byte[] error(int status) {
    try {
      return new OCSPRespBuilder().build(status, null).getEncoded();
    } catch (OCSPException | IOException e) {
      throw new IllegalStateException("an OCSP error answer cannot be encoded", e);
    }
  }

  /** The status of an encoded answer, for callers that only need to know what was said. */
  static int status(byte[] answer) throws IOException {
    return new OCSPResp(answer).getStatus();
  }
}
