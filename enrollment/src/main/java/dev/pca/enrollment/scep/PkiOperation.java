package dev.pca.enrollment.scep;

import dev.pca.application.Actor;
import dev.pca.application.CaException;
import dev.pca.application.Enrollments;
import dev.pca.application.Enrollments.Endpoint;
import dev.pca.application.Enrollments.Outcome;
import dev.pca.application.Enrollments.Proof;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * One PKIOperation for one profile: reads the pkiMessage, asks the core, answers a CertRep. This is
 * the one place where refusals become SCEP's own error form, a CertRep FAILURE with a failInfo.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-3.3">RFC 8894 section 3.3</a>
 */
public final class PkiOperation {
  private static final Logger LOG = Logger.getLogger(PkiOperation.class.getName());
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  /** PKIOperations being answered in this server, of every profile. */
  private static final AtomicInteger IN_FLIGHT = new AtomicInteger();

  private final Enrollments core;
  private final Endpoint endpoint;
  private final Actor device;
  private final Clock clock;
  private final Executor executor;
  private final RaKey ra;
  private final Algorithms algorithms;

  /**
   * @param executor where the RA opens the envelope while the signature is checked
   */
  public PkiOperation(
      Enrollments core, Endpoint endpoint, Actor device, Clock clock, Executor executor) {
    this.core = core;
    this.endpoint = endpoint;
    this.device = device;
    this.clock = clock;
    this.executor = executor;
    this.ra = new CoreRa(core, endpoint);
    this.algorithms = new Algorithms(endpoint.allowDes());
  }

  /**
   * The DER CertRep for the DER pkiMessage.
   *
   * @throws MalformedMessage for bytes that are no pkiMessage to answer (HTTP 400)
   * @throws CaException for failures of the server itself (the token), not of the request
   */
  public byte[] answer(byte[] message) throws MalformedMessage, CaException {
    PkiMessage request = PkiMessage.parse(message);
    IN_FLIGHT.incrementAndGet();
    try {
      // With a core idle, the RA decrypts there while the signature is checked here; otherwise
      // the steps run in turn, and a message whose signature fails costs no decryption.
      CompletableFuture<PkiMessage.Envelope> opening =
          IN_FLIGHT.get() < CORES ? opening(request) : null;
      request.verify(algorithms, clock.instant());
      MessageType type = request.type();
      return serve(
          type, request, opening == null ? request.messageData(ra, algorithms) : opened(opening));
    } catch (ScepFailure e) {
      LOG.log(
          Level.INFO,
          "SCEP {0} transaction {1}: {2} ({3})",
          new Object[] {endpoint.name(), request.transactionId(), e.failInfo(), e.getMessage()});
      return CertRep.failure(request, e.failInfo()).encode(ra);
    } catch (CaException e) {
      // The core audited the refusal; the client learns only the failInfo.
      return CertRep.failure(request, failInfo(e)).encode(ra);
    } finally {
      IN_FLIGHT.decrementAndGet();
    }
  }

  /**
   * The RA's decryption of the envelope, started at once on the executor: it is the longer of the
   * two steps, and what it yields is used only once the signature has verified.
   */
  private CompletableFuture<PkiMessage.Envelope> opening(PkiMessage request) {
    CompletableFuture<PkiMessage.Envelope> opening = new CompletableFuture<>();
    Runnable task =
        () -> {
          try {
            opening.complete(request.messageData(ra, algorithms));
          } catch (ScepFailure | CaException | RuntimeException e) {
            opening.completeExceptionally(e);
          }
        };
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
    return opening;
  }

  private static PkiMessage.Envelope opened(CompletableFuture<PkiMessage.Envelope> opening)
      throws ScepFailure, CaException {
    try {
      return opening.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ScepFailure failure) {
        throw failure;
      }
      if (e.getCause() instanceof CaException failure) {
        throw failure;
      }
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }

  /** How the core's refusals read in SCEP. */
  static FailInfo failInfo(CaException refusal) throws CaException {
    return switch (refusal.reason()) {
      case NOT_FOUND -> FailInfo.BAD_CERT_ID;
      case TOKEN -> throw refusal;
      default -> FailInfo.BAD_REQUEST;
    };
  }

  private byte[] serve(MessageType type, PkiMessage request, PkiMessage.Envelope envelope)
      throws ScepFailure, CaException {
    byte[] data = envelope.content();
    return switch (type) {
      case PKCS_REQ, RENEWAL_REQ -> enrol(type, request, envelope);
      case CERT_POLL ->
          outcome(request, envelope, core.poll(endpoint.profileId(), request.transactionId()))
              .encode(ra);
      case GET_CERT -> {
        byte[] certificate = core.certificate(endpoint.profileId(), serial(data));
        yield CertRep.success(request, Degenerate.certificate(certificate), envelope.cipher())
            .encode(ra);
      }
      case GET_CRL ->
          CertRep.success(
                  request, Degenerate.crl(core.crl(endpoint.profileId())), envelope.cipher())
              .encode(ra);
      case CERT_REP -> throw new ScepFailure(FailInfo.BAD_REQUEST, "a CertRep is no request");
    };
  }

  /**
   * PKCSReq proves itself by the challenge, RenewalReq by the current certificate it is signed
   * with. Before RFC 8894 named RenewalReq, clients renewed with a PKCSReq signed by the current
   * certificate and without a challenge (jscep still does): that is a renewal too.
   */
  private byte[] enrol(MessageType type, PkiMessage request, PkiMessage.Envelope envelope)
      throws ScepFailure, CaException {
    byte[] csr = envelope.content();
    String challenge = challengePassword(csr);
    X509Certificate signer = request.signer();
    boolean renewal =
        type == MessageType.RENEWAL_REQ
            || (challenge == null
                && !signer.getSubjectX500Principal().equals(signer.getIssuerX500Principal()));
    Proof proof = renewal ? Proof.certificate(signer) : Proof.challenge(challenge);
    // The CertRep is made and signed while the certificate commits.
    return core.enroll(
        device,
        endpoint.profileId(),
        proof,
        csr,
        request.transactionId(),
        renewal,
        outcome -> outcome(request, envelope, outcome).encode(ra));
  }

  private static CertRep outcome(
      PkiMessage request, PkiMessage.Envelope envelope, Outcome outcome) {
    return switch (outcome.request().status()) {
      case ISSUED ->
          CertRep.success(
              request,
              Degenerate.certificate(outcome.issued().pem().getBytes(StandardCharsets.US_ASCII)),
              envelope.cipher());
      case PENDING -> CertRep.pending(request);
      case REJECTED -> CertRep.failure(request, FailInfo.BAD_REQUEST);
    };
  }

  /** The CSR's challengePassword attribute (PKCS #9), null when it has none. */
  private static String challengePassword(byte[] csr) throws ScepFailure {
    try {
      Attribute[] passwords =
          new PKCS10CertificationRequest(csr)
              .getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword);
      return passwords.length > 0
              && passwords[0].getAttrValues().getObjectAt(0) instanceof ASN1String password
          ? password.getString()
          : null;
    } catch (java.io.IOException | RuntimeException e) {
      throw new ScepFailure(FailInfo.BAD_REQUEST, "the messageData is no PKCS #10 request");
    }
  }

  /** GetCert names the certificate by issuer and serial number; the issuer is the profile's. */
  private static BigInteger serial(byte[] issuerAndSerial) throws ScepFailure {
    try {
      return IssuerAndSerialNumber.getInstance(issuerAndSerial).getSerialNumber().getValue();
    } catch (RuntimeException e) {
      throw new ScepFailure(FailInfo.BAD_REQUEST, "the messageData is no IssuerAndSerialNumber");
    }
  }

  /** The profile's RA key, on the token behind the core. */
  private record CoreRa(Enrollments core, Endpoint endpoint) implements RaKey {
    @Override
    public X509Certificate certificate() {
      return endpoint.raCertificate();
    }

    @Override
    public byte[] decrypt(byte[] encryptedKey) throws CaException {
      return core.raDecrypt(endpoint.profileId(), encryptedKey);
    }

    @Override
    public byte[] sign(String algorithm, byte[] data) throws CaException {
      return core.raSign(endpoint.profileId(), algorithm, data);
    }
  }
}
