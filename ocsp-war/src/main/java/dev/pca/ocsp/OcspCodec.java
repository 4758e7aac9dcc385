package dev.pca.ocsp;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
   * responder's path.
   *
   * @see <a href="https://www.rfc-editor.org/rfc/rfc5019#section-5">RFC 5019 section 5</a>
   */
  public static OCSPReq readGet(String encodedPath) throws Malformed {
    if (encodedPath.length() > MAX_REQUEST_BYTES * 2) {
      throw new Malformed("request path too long", null);
    }
    try {
      String base64 = URLDecoder.decode(encodedPath, StandardCharsets.US_ASCII);
      return decode(Base64.getMimeDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new Malformed("the path is not URL-encoded base64", e);
    }
  }

  static OCSPReq decode(byte[] der) throws Malformed {
    if (der.length == 0) {
      throw new Malformed("empty request", null);
    }
    try {
      OCSPReq request = new OCSPReq(der);
      int entries = request.getRequestList().length;
      if (entries == 0 || entries > MAX_ENTRIES) {
        throw new Malformed(entries + " certificates in one request", null);
      }
      return request;
    } catch (IOException | RuntimeException e) {
      throw new Malformed("not a DER OCSPRequest", e);
    }
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
