package dev.pca.web.console;

import dev.pca.application.Issuers;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The issuers of one repository, each root followed by its intermediates. */
@Named
@RequestScoped
public class ListIssuers {
  /** An issuer in the list; depth 1 for an intermediate under its root. */
  public record Row(Issuers.View issuer, int depth, String parentLabel) {}

  @EJB private Issuers issuers;
  @Inject private Callers callers;
  @Inject private Choices choices;
  @Inject private Refusals refusals;

  private UUID repository;
  private List<Row> rows = List.of();

  public void load() {
    repository = choices.repositoryOrFirst(repository);
    if (repository != null) {
      refusals
          .attempt("issuer.list", () -> issuers.list(callers.current(), repository))
          .ifPresent(this::arrange);
    }
  }

  private void arrange(List<Issuers.View> all) {
    List<Row> arranged = new ArrayList<>();
    for (Issuers.View root : all) {
      if (root.root()) {
        arranged.add(new Row(root, 0, null));
        all.stream()
            .filter(child -> root.id().equals(child.parentId()))
            .forEach(child -> arranged.add(new Row(child, 1, root.label())));
      }
    }
    // Intermediates whose root is elsewhere (imported under another repository's root) last.
    all.stream()
        .filter(i -> !i.root() && arranged.stream().noneMatch(r -> r.issuer().equals(i)))
        .forEach(i -> arranged.add(new Row(i, 1, null)));
    rows = arranged;
  }

  /** Shows the repository chosen in the picker. */
  public String show() {
    return "/console/issuers/index?faces-redirect=true&repository=" + repository;
  }

  public List<Row> getRows() {
    return rows;
  }

  public UUID getRepository() {
    return repository;
  }

  public void setRepository(UUID repository) {
    this.repository = repository;
  }
}
