package dev.pca.web.console;

import dev.pca.application.Certificates;
import dev.pca.domain.model.certificate.RevocationReason;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * Revokes a certificate for a reason, or puts it on hold, or releases it from hold. Revocation for
 * any reason but certificateHold cannot be undone, so it needs the operator’s explicit
 * confirmation.
 */
@Named
@ViewScoped
public class RevokeCertificate implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB private Certificates certificates;
  @Inject private Callers callers;
  @Inject private Refusals refusals;

  private UUID id;
  private transient Certificates.View certificate;
  private RevocationReason reason;
  private String invalidityDate;
  private boolean confirmed;

  public void load() {
    if (id == null) {
      Texts.error("invalid.id");
      return;
    }
    refusals
        .attempt("certificate.read", () -> certificates.get(callers.current(), id))
        .ifPresent(v -> certificate = v);
  }

  @Allowed(Task.REVOKE)
  public String revoke() {
    if (reason == null) {
      Texts.error("revoke.reason.missing");
      return null;
    }
    if (reason != RevocationReason.CERTIFICATE_HOLD && !confirmed) {
      Texts.error("revoke.confirm.missing");
      return null;
    }
    if (!Instants.readable(invalidityDate, "revoke.invalidityDate")) {
      return null;
    }
    Instant invalid = Instants.of(invalidityDate);
    return refusals
        .attempt(
            reason == RevocationReason.CERTIFICATE_HOLD ? "certificate.hold" : "certificate.revoke",
            () -> certificates.revoke(callers.current(), id, reason, invalid))
        .map(
            changed ->
                done(
                    reason == RevocationReason.CERTIFICATE_HOLD ? "revoke.held" : "revoke.revoked",
                    changed))
        .orElse(null);
  }

  @Allowed(Task.REVOKE)
  public String release() {
    return refusals
        .attempt("certificate.release", () -> certificates.release(callers.current(), id))
        .map(changed -> done("revoke.released", changed))
        .orElse(null);
  }

  private String done(String message, Certificates.View changed) {
    Texts.info(message, changed.serial());
    Texts.keepForRedirect();
    return "/console/certificates/view?faces-redirect=true&id=" + id;
  }

  public boolean isRevocable() {
    return certificate != null
        && (certificate.status().equals("VALID") || certificate.status().equals("ON_HOLD"));
  }

  public UUID getId() {
    return id;
  }

  public void setId(UUID id) {
    this.id = id;
  }

  public Certificates.View getCertificate() {
    return certificate;
  }

  public RevocationReason getReason() {
    return reason;
  }

  public void setReason(RevocationReason reason) {
    this.reason = reason;
  }

  public String getInvalidityDate() {
    return invalidityDate;
  }

  public void setInvalidityDate(String invalidityDate) {
    this.invalidityDate = invalidityDate;
  }

  public boolean isConfirmed() {
    return confirmed;
  }

  public void setConfirmed(boolean confirmed) {
    this.confirmed = confirmed;
  }
}
