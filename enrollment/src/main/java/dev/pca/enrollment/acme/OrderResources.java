package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import jakarta.json.JsonString;
import java.util.UUID;

/**
 * Orders: creation, look-up, finalization with a CSR, and the certificate of a valid one.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.4">RFC 8555 section 7.4</a>
 */
final class OrderResources {
  static final String PEM_CHAIN = "application/pem-certificate-chain";

  /** How long a client waits before it polls an order that is being issued. */
  static final int PROCESSING_RETRY_SECONDS = 2;

  private final Acme acme;

  OrderResources(Acme acme) {
    this.acme = acme;
  }

  /** Section 7.4: 201 with the order and its URL in Location. */
  AcmeResponse newOrder(AcmeCall call) throws AcmeError, Acme.Problem {
    NewOrder request = NewOrder.parse(call.jws().payloadObject());
    Acme.Order order =
        acme.newOrder(
            call.actor(),
            call.accountId(),
            request.identifiers(),
            request.notBefore(),
            request.notAfter(),
            request.replaces());
    return answer(201, order, call);
  }

  AcmeResponse order(AcmeCall call, UUID orderId) throws AcmeError, Acme.Problem {
    postAsGet(call);
    return answer(200, acme.order(call.accountId(), orderId), call);
  }

  /**
   * Section 7.4: "csr (required, string): A CSR encoding the parameters for the certificate being
   * requested. The CSR is sent in the base64url-encoded version of the DER format."
   */
  AcmeResponse finalizeOrder(AcmeCall call, UUID orderId) throws AcmeError, Acme.Problem {
    if (!(call.jws().payloadObject().get("csr") instanceof JsonString text)) {
      throw AcmeError.malformed("Finalization sends the CSR in 'csr'.");
    }
    byte[] csr;
    try {
      csr = Base64Url.decode(text.getString());
    } catch (IllegalArgumentException e) {
      throw new Acme.Problem(Acme.ProblemType.BAD_CSR, "The CSR is not base64url DER.");
    }
    return answer(200, acme.finalizeOrder(call.actor(), call.accountId(), orderId, csr), call);
  }

  /** Section 7.4.2: the certificate and its chain, PEM. */
  AcmeResponse certificate(AcmeCall call, UUID orderId) throws AcmeError, Acme.Problem {
    postAsGet(call);
    return AcmeResponse.text(200, PEM_CHAIN, acme.certificateChain(call.accountId(), orderId));
  }

  private static void postAsGet(AcmeCall call) throws AcmeError {
    if (!call.jws().postAsGet()) {
      throw AcmeError.malformed("Fetch this resource with POST-as-GET: an empty payload.");
    }
  }

  private static AcmeResponse answer(int status, Acme.Order order, AcmeCall call) {
    AcmeResponse response =
        AcmeResponse.json(status, AcmeObjects.order(order, call.urls()))
            .withHeader("Location", call.urls().order(order.id()));
    return order.status() == Acme.OrderStatus.PROCESSING
        ? response.withHeader("Retry-After", Integer.toString(PROCESSING_RETRY_SECONDS))
        : response;
  }
}
