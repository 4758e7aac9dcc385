package dev.pca.web.console;

import dev.pca.application.Issuers;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * One issuer: its certificate and chain, status, quota and downloads; administrators disable and
 * enable it and set its quota here.
 */
@Named
@ViewScoped
public class ShowIssuer implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB private Issuers issuers;
  @Inject private Callers callers;
  @Inject private Refusals refusals;

  private UUID id;
  private transient Issuers.View issuer;
  private transient List<CertificateFields.Summary> chain;
  private transient List<CertificateFields.Field> fields;
  private transient List<Issuers.View> intermediates;
  private Long quota;

  public void load() {
    if (id == null) {
      Texts.error("invalid.id");
      return;
    }
    refusals.attempt("issuer.read", () -> issuers.get(callers.current(), id)).ifPresent(this::show);
  }

  private void show(Issuers.View view) {
    issuer = view;
    quota = view.quotaRemaining();
    List<byte[]> ders =
        refusals
            .attempt("issuer.read", () -> issuers.chain(callers.current(), id))
            .orElse(List.of());
    chain = ders.stream().map(CertificateFields::summary).toList();
    fields = ders.isEmpty() ? List.of() : CertificateFields.of(ders.get(0));
    intermediates =
        view.root()
            ? refusals
                .attempt("issuer.list", () -> issuers.list(callers.current(), view.repositoryId()))
                .orElse(List.of())
                .stream()
                .filter(i -> id.equals(i.parentId()))
                .toList()
            : List.of();
  }

  @Allowed(Task.MANAGE_ISSUERS)
  public String disable() {
    return enabled(false);
  }

  @Allowed(Task.MANAGE_ISSUERS)
  public String enable() {
    return enabled(true);
  }

  private String enabled(boolean enabled) {
    return refusals
        .attempt(
            enabled ? "issuer.enable" : "issuer.disable",
            () -> issuers.setEnabled(callers.current(), id, enabled))
        .map(
            changed -> {
              Texts.info(enabled ? "issuer.enabled" : "issuer.disabled", changed.label());
              return reload();
            })
        .orElse(null);
  }

  @Allowed(Task.MANAGE_ISSUERS)
  public String saveQuota() {
    return refusals
        .attempt("issuer.quota", () -> issuers.setQuota(callers.current(), id, quota))
        .map(
            changed -> {
              Texts.info("issuer.quotaSaved", changed.label());
              return reload();
            })
        .orElse(null);
  }

  private String reload() {
    Texts.keepForRedirect();
    return "/console/issuers/view?faces-redirect=true&id=" + id;
  }

  public UUID getId() {
    return id;
  }

  public void setId(UUID id) {
    this.id = id;
  }

  public Issuers.View getIssuer() {
    return issuer;
  }

  public List<CertificateFields.Summary> getChain() {
    return chain;
  }

  public List<CertificateFields.Field> getFields() {
    return fields;
  }

  public List<Issuers.View> getIntermediates() {
    return intermediates;
  }

  public Long getQuota() {
    return quota;
  }

  public void setQuota(Long quota) {
    this.quota = quota;
  }
}
