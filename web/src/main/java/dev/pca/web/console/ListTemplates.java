package dev.pca.web.console;

import dev.pca.application.Templates;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.UUID;

/** The templates of one repository with the gist of their limits. */
@Named
@RequestScoped
public class ListTemplates {
  @EJB private Templates templates;
  @Inject private Callers callers;
  @Inject private Choices choices;
  @Inject private Refusals refusals;

  private UUID repository;
  private List<Templates.View> all = List.of();

  public void load() {
    repository = choices.repositoryOrFirst(repository);
    if (repository != null) {
      all =
          refusals
              .attempt("template.list", () -> templates.list(callers.current(), repository))
              .orElse(List.of());
    }
  }

  public String show() {
    return "/console/templates/index?faces-redirect=true&repository=" + repository;
  }

  public List<Templates.View> getAll() {
    return all;
  }

  public UUID getRepository() {
    return repository;
  }

  public void setRepository(UUID repository) {
    this.repository = repository;
  }
}
