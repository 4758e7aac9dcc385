package dev.pca.ocsp;

import dev.pca.ocsp.IssuerContext.Standing;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;

/**
 * Decides the answer to a well-formed request and signs it. All certificates of one request must be
 * of one issuer that this node serves: a delegated responder speaks for its own CA only, so a
 * request about another issuer, or about issuers of which one is not served, is unauthorized (RFC
 * 6960 section 2.3). thisUpdate is when the answer was made and nextUpdate is thisUpdate plus the
 * repository's OCSP validity (RFC 6960 section 4.2.2.1), within the responder certificate's.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#section-2.2">RFC 6960 section 2.2</a>
 */
final class Responder {
  /** Reads the statuses of some serials of one issuer, in the order asked. */
  interface Statuses {
    List<Status> of(UUID issuer, List<BigInteger> serials) throws Exception;
  }

  private final Issuers issuers;
  private final Statuses statuses;
  private final GoodAnswers good;
  private final Clock clock;

  Responder(Issuers issuers, Statuses statuses, GoodAnswers good, Clock clock) {
    this.issuers = issuers;
    this.statuses = statuses;
    this.good = good;
    this.clock = clock;
  }

  /**
   * The kept answer to the GET whose path after the responder's is {@code encodedPath}, or null.
   * Never reads the database nor signs, so it may run on an I/O thread; a null sends the request
   * down the ordinary path, {@link #answer}, which made every kept answer.
   */
  Answer kept(String encodedPath) {
    try {
      OCSPReq request = OcspCodec.readGet(encodedPath);
      Req[] entries = request.getRequestList();
      if (entries.length != 1 || OcspCodec.nonce(request) != null) {
        return null;
      }
      IssuerContext issuer = issuers.known(entries[0].getCertID());
      return issuer == null ? null : good.get(issuer, entries[0].getCertID(), clock.instant());
    } catch (OcspCodec.Malformed | RuntimeException e) {
      return null;
    }
  }

  /** The answer to a request that {@link OcspCodec} read. */
  Answer answer(OCSPReq request) throws Exception {
    Req[] entries = request.getRequestList();
    IssuerContext issuer = null;
    for (Req entry : entries) {
      IssuerContext found = issuers.find(entry.getCertID());
      if (found == null
          || found.standing() == Standing.OFF
          || (issuer != null && found != issuer)) {
        return Answer.error(OCSPRespBuilder.UNAUTHORIZED);
      }
      if (found.standing() == Standing.PENDING) {
        return Answer.error(OCSPRespBuilder.TRY_LATER);
      }
      issuer = found;
    }
    Extension nonce = OcspCodec.nonce(request);
    boolean keep = entries.length == 1 && nonce == null;
    if (keep) {
      Answer kept = good.get(issuer, entries[0].getCertID(), clock.instant());
      if (kept != null) {
        return kept;
      }
    }
    long epoch = good.epoch();
    List<BigInteger> serials = new ArrayList<>(entries.length);
    for (Req entry : entries) {
      serials.add(entry.getCertID().getSerialNumber());
    }
    List<Status> found = statuses.of(issuer.id(), serials);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Answer answer = sign(issuer, entries, found, nonce, now);
    if (keep && found.get(0).kind() == Status.Kind.GOOD) {
      Instant renewAt = now.plus(Duration.between(now, nextUpdate(issuer, now)).dividedBy(2));
      good.put(issuer, entries[0].getCertID(), answer, renewAt, epoch);
    }
    return answer;
  }

  /**
   * thisUpdate plus the repository's OCSP validity, but never after the responder certificate
   * expires: an answer cannot be good for longer than the certificate that vouches for its signer.
   */
  private static Instant nextUpdate(IssuerContext issuer, Instant now) {
    Instant next = now.plus(issuer.validity());
    Instant signerEnd = issuer.responder().getNotAfter().toInstant();
    return next.isAfter(signerEnd) ? signerEnd : next;
  }

  private static Answer sign(
      IssuerContext issuer, Req[] entries, List<Status> statuses, Extension nonce, Instant now)
      throws Exception {
    Instant next = nextUpdate(issuer, now);
    Date thisUpdate = Date.from(now);
    Date nextUpdate = Date.from(next);
    BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(issuer.responderId());
    for (int i = 0; i < entries.length; i++) {
      Status status = statuses.get(i);
      builder.addResponse(
          entries[i].getCertID(), status(status), thisUpdate, nextUpdate, extensions(status));
    }
    if (nonce != null) {
      // RFC 8954 section 2.1: the responder "MUST include the nonce extension in the response"
      // with the value from the request.
      builder.setResponseExtensions(new Extensions(nonce));
    }
    BasicOCSPResp basic = builder.build(issuer.signer(), issuer.chain(), thisUpdate);
    byte[] der = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    return Answer.signed(der, now, next);
  }

  /**
   * RFC 5280 section 5.3.1 (which RFC 6960 reuses for revocationReason): "the reason code CRL entry
   * extension SHOULD be absent instead of using the unspecified (0) reasonCode value".
   */
  private static CertificateStatus status(Status status) {
    return switch (status.kind()) {
      case GOOD -> CertificateStatus.GOOD;
      case UNKNOWN -> new UnknownStatus();
      case REVOKED ->
          status.reason() == 0
              ? new RevokedStatus(Date.from(status.revokedAt()))
              : new RevokedStatus(Date.from(status.revokedAt()), status.reason());
    };
  }

  /**
   * The invalidity date of a revoked certificate, as a singleExtension: RFC 6960 section 4.4 allows
   * the CRL entry extensions of RFC 5280 section 5.3 there.
   */
  private static Extensions extensions(Status status) throws IOException {
    if (status.kind() != Status.Kind.REVOKED || status.invalidityDate() == null) {
      return null;
    }
    Date invalid = Date.from(status.invalidityDate().truncatedTo(ChronoUnit.SECONDS));
    return new Extensions(
        new Extension(
            Extension.invalidityDate, false, new ASN1GeneralizedTime(invalid).getEncoded()));
  }
}
