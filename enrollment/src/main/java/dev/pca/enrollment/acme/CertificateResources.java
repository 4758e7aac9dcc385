package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.UUID;

/**
 * Certificates once issued: revocation (section 7.6) and ARI's renewal information (RFC 9773).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.6">RFC 8555 section 7.6</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9773#section-4">RFC 9773 section 4</a>
 */
final class CertificateResources {
  private final Acme acme;

  CertificateResources(Acme acme) {
    this.acme = acme;
  }

  /**
   * "The server MUST consider at least the following accounts authorized for a given certificate:
   * the account that issued the certificate" (the core decides) "... or a request signed by the
   * private key corresponding to the public key in the certificate" (checked here).
   */
  AcmeResponse revoke(AcmeCall call) throws AcmeError, Acme.Problem {
    JsonObject payload = call.jws().payloadObject();
    if (!(payload.get("certificate") instanceof JsonString text)) {
      throw AcmeError.malformed("Revocation names the certificate in 'certificate'.");
    }
    byte[] der;
    X509Certificate certificate;
    try {
      der = Base64Url.decode(text.getString());
      certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
    } catch (IllegalArgumentException | CertificateException e) {
      throw AcmeError.malformed("'certificate' is not a base64url DER certificate.");
    }
    int reason = reason(payload.get("reason"));
    UUID accountId = call.accountId();
    if (accountId == null && !call.signed().jwk().sameKey(certificate.getPublicKey())) {
      throw AcmeError.unauthorized("The request is not signed by the certificate's key.");
    }
    acme.revoke(call.actor(), call.profileId(), accountId, der, reason);
    return AcmeResponse.empty(200);
  }

  /** RFC 9773 section 4.2: the suggested window, and when to ask again (Retry-After). */
  AcmeResponse renewalInfo(UUID profileId, String id) throws AcmeError, Acme.Problem {
    CertId certId = CertId.parse(id);
    Acme.RenewalInfo info = acme.renewalInfo(profileId, certId.keyIdentifier(), certId.serial());
    long retryAfter =
        info.retryAfter() == null ? 21_600 : Math.max(1, info.retryAfter().toSeconds());
    return AcmeResponse.json(200, AcmeObjects.renewalInfo(info))
        .withHeader("Retry-After", Long.toString(retryAfter));
  }

  /**
   * "reason (optional, int): One of the revocation reasonCodes defined in Section 5.3.1 of
   * RFC5280".
   */
  private static int reason(JsonValue value) throws AcmeError {
    if (value == null || value == JsonValue.NULL) {
      return 0;
    }
    if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
      throw AcmeError.malformed("'reason' is a CRL reason code, an integer.");
    }
    try {
      return number.intValueExact();
    } catch (ArithmeticException e) {
      throw AcmeError.malformed("'reason' is a CRL reason code, an integer.");
    }
  }
}
