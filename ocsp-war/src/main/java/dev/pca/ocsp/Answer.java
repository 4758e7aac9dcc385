package dev.pca.ocsp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * One encoded OCSP response and what HTTP says about it. A signed answer knows its thisUpdate and
 * nextUpdate, from which the RFC 5019 caching headers of a GET are made; an error answer carries
 * only its status and is never cached.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5019#section-6.2">RFC 5019 section 6.2</a>
 */
final class Answer {
  static final String MEDIA_TYPE = "application/ocsp-response";

  /** IMF-fixdate of RFC 9110 section 5.6.7, e.g. "Sun, 06 Nov 1994 08:49:37 GMT". */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final byte[] der;
  private final Instant nextUpdate;
  private final long nextUpdateSeconds;
  private final String lastModified;
  private final String expires;
  private final String etag;

  private Answer(byte[] der, Instant thisUpdate, Instant nextUpdate) {
    this.der = der;
    this.nextUpdate = nextUpdate;
    this.nextUpdateSeconds = nextUpdate == null ? 0 : nextUpdate.getEpochSecond();
    this.lastModified = thisUpdate == null ? null : HTTP_DATE.format(thisUpdate);
    this.expires = nextUpdate == null ? null : HTTP_DATE.format(nextUpdate);
    this.etag = thisUpdate == null ? null : '"' + sha1Hex(der) + '"';
  }

  /** A signed answer, all of whose single responses share thisUpdate and nextUpdate. */
  static Answer signed(byte[] der, Instant thisUpdate, Instant nextUpdate) {
    return new Answer(der, thisUpdate, nextUpdate);
  }

  /** The error answers by OCSPResponseStatus (0 to 6; 4 is not used), made once. */
  private static final Answer[] ERRORS = new Answer[7];

  static {
    for (int status = 1; status < ERRORS.length; status++) {
      ERRORS[status] = new Answer(OcspCodec.error(status), null, null);
    }
  }

  /** An answer with only a status: malformedRequest, internalError, tryLater or unauthorized. */
  static Answer error(int status) {
    return ERRORS[status];
  }

  /** The encoded OCSPResponse; callers write it and never change it. */
  byte[] der() {
    return der;
  }

  boolean isSigned() {
    return nextUpdate != null;
  }

  Instant nextUpdate() {
    return nextUpdate;
  }

  /**
   * The caching headers of RFC 5019 section 6.2 for an answer sent at {@code nowSeconds} (epoch
   * seconds): "max-age = &lt;n&gt; -where n is a time value later than thisUpdate but earlier than
   * nextUpdate", public, no-transform, must-revalidate, Last-Modified = thisUpdate, Expires =
   * nextUpdate, and an entity tag. Nothing for an error answer.
   */
  void cachingHeaders(long nowSeconds, BiConsumer<String, String> header) {
    if (!isSigned()) {
      return;
    }
    long maxAge = Math.max(0, nextUpdateSeconds - nowSeconds - 1);
    header.accept("Cache-Control", "max-age=" + maxAge + ", public, no-transform, must-revalidate");
    header.accept("Last-Modified", lastModified);
    header.accept("Expires", expires);
    header.accept("ETag", etag);
  }

  private static String sha1Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
