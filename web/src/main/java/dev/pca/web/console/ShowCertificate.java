package dev.pca.web.console;

import dev.pca.application.Certificates;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/** One certificate: its status and history, its decoded fields and its downloads. */
@Named
@ViewScoped
public class ShowCertificate implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB private Certificates certificates;
  @Inject private Callers callers;
  @Inject private Refusals refusals;

  private UUID id;
  private transient Certificates.View certificate;
  private transient List<CertificateFields.Field> fields = List.of();
  private transient List<Certificates.Step> history = List.of();

  public void load() {
    if (id == null) {
      Texts.error("invalid.id");
      return;
    }
    refusals
        .attempt("certificate.read", () -> certificates.get(callers.current(), id))
        .ifPresent(
            view -> {
              certificate = view;
              fields =
                  refusals
                      .attempt("certificate.read", () -> certificates.chain(callers.current(), id))
                      .map(chain -> CertificateFields.of(chain.get(0)))
                      .orElse(List.of());
              history =
                  refusals
                      .attempt(
                          "certificate.read", () -> certificates.history(callers.current(), id))
                      .orElse(List.of());
            });
  }

  /** Whether the certificate can still be revoked or put on hold. */
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

  public List<CertificateFields.Field> getFields() {
    return fields;
  }

  public List<Certificates.Step> getHistory() {
    return history;
  }
}
