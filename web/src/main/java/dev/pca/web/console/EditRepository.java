package dev.pca.web.console;

import dev.pca.application.Repositories;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.UUID;

/**
 * Creates a repository, or changes one's name and CRL and OCSP settings, or deletes an empty one.
 */
@Named
@ViewScoped
public class EditRepository implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB private Repositories repositories;
  @Inject private Callers callers;
  @Inject private Refusals refusals;

  private UUID id;
  private String name;
  private boolean crlEnabled = true;
  private Period crlPeriod = Period.of(86400);
  private boolean ocspEnabled = true;
  private Period ocspValidity = Period.of(3600);
  private boolean loaded;

  /** Reads the repository named by the view parameter; a new one needs nothing read. */
  public void load() {
    if (id == null || loaded) {
      return;
    }
    refusals
        .attempt("repository.read", () -> repositories.get(callers.current(), id))
        .ifPresent(
            view -> {
              name = view.name();
              crlEnabled = view.crlEnabled();
              crlPeriod = Period.of(view.crlPeriodSeconds());
              ocspEnabled = view.ocspEnabled();
              ocspValidity = Period.of(view.ocspValiditySeconds());
              loaded = true;
            });
  }

  @Allowed(Task.MANAGE_REPOSITORIES)
  public String save() {
    Repositories.Draft draft =
        new Repositories.Draft(
            name == null ? null : name.strip(),
            crlEnabled,
            crlPeriod.seconds(),
            ocspEnabled,
            ocspValidity.seconds());
    boolean creating = id == null;
    return refusals
        .attempt(
            creating ? "repository.create" : "repository.change",
            () ->
                creating
                    ? repositories.create(callers.current(), draft)
                    : repositories.change(callers.current(), id, draft))
        .map(
            saved -> {
              Texts.info(creating ? "repository.created" : "repository.saved", saved.name());
              Texts.keepForRedirect();
              return "/console/issuers/index?faces-redirect=true&repository=" + saved.id();
            })
        .orElse(null);
  }

  @Allowed(Task.MANAGE_REPOSITORIES)
  public String delete() {
    return refusals
        .attempt(
            "repository.delete",
            () -> {
              repositories.delete(callers.current(), id);
              return Boolean.TRUE;
            })
        .map(
            deleted -> {
              Texts.info("repository.deleted", name);
              Texts.keepForRedirect();
              return "/console/repositories/index?faces-redirect=true";
            })
        .orElse(null);
  }

  public boolean isCreating() {
    return id == null;
  }

  public UUID getId() {
    return id;
  }

  public void setId(UUID id) {
    this.id = id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public boolean isCrlEnabled() {
    return crlEnabled;
  }

  public void setCrlEnabled(boolean crlEnabled) {
    this.crlEnabled = crlEnabled;
  }

  public Period getCrlPeriod() {
    return crlPeriod;
  }

  public boolean isOcspEnabled() {
    return ocspEnabled;
  }

  public void setOcspEnabled(boolean ocspEnabled) {
    this.ocspEnabled = ocspEnabled;
  }

  public Period getOcspValidity() {
    return ocspValidity;
  }
}
