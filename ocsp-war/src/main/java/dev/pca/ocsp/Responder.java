package dev.pca.ocsp;

import java.util.List;
import java.util.logging.Logger;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Decides the answer to a well-formed request. A request about an issuer this node does not serve
 * is answered unauthorized (RFC 6960 section 2.3); a node serves an issuer once it holds a
 * delegated responder key for it.
 */
final class Responder {
  private static final Logger LOG = Logger.getLogger(Responder.class.getName());
  private final DigestCalculatorProvider digests;

  Responder() {
    try {
      digests = new JcaDigestCalculatorProviderBuilder().build();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The answer for {@code request} given the CA certificates stored in the database. */
  byte[] answer(OCSPReq request, List<X509CertificateHolder> issuers) throws OCSPException {
    for (Req entry : request.getRequestList()) {
      if (issuerOf(entry.getCertID(), issuers) == null) {
        return OcspCodec.error(OCSPRespBuilder.UNAUTHORIZED);
      }
    }
    // Known issuers, but this node holds no delegated responder key for them yet.
    LOG.warning("OCSP request for a known issuer, but this node has no responder key for it");
    return OcspCodec.error(OCSPRespBuilder.TRY_LATER);
  }

  private X509CertificateHolder issuerOf(CertificateID id, List<X509CertificateHolder> issuers)
      throws OCSPException {
    for (X509CertificateHolder issuer : issuers) {
      if (id.matchesIssuer(issuer, digests)) {
        return issuer;
      }
    }
    return null;
  }
}
