package dev.pca.web.console;

import dev.pca.application.CaException;
import dev.pca.application.Templates;
import dev.pca.domain.policy.TemplateSpec;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Creates or changes a template of a repository: its limits and common settings. A template that
 * breaks a rule is refused whole, each broken rule named on the page; nothing is saved.
 */
@Named
@ViewScoped
public class EditTemplate implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB private Templates templates;
  @Inject private Callers callers;
  @Inject private Refusals refusals;

  private UUID id;
  private UUID repository;
  private String name;
  private TemplateForm form = new TemplateForm();
  private boolean loaded;

  public void load() {
    if (id == null || loaded) {
      return;
    }
    refusals
        .attempt("template.read", () -> templates.get(callers.current(), id))
        .ifPresent(
            view -> {
              repository = view.repositoryId();
              name = view.name();
              form = TemplateForm.of(view.spec());
              loaded = true;
            });
  }

  @Allowed(Task.MANAGE_TEMPLATES)
  public String save() {
    boolean creating = id == null;
    String action = creating ? "template.create" : "template.change";
    return refusals
        .attempt(
            action,
            () -> {
              Templates.Draft draft =
                  new Templates.Draft(name == null ? null : name.strip(), readForm());
              return creating
                  ? templates.create(callers.current(), repository, draft)
                  : templates.change(callers.current(), id, draft);
            })
        .map(
            saved -> {
              Texts.info(creating ? "template.created" : "template.saved", saved.name());
              Texts.keepForRedirect();
              return "/console/templates/index?faces-redirect=true&repository="
                  + saved.repositoryId();
            })
        .orElse(null);
  }

  /** The spec of the form; a form that cannot even be read is refused like a bad template. */
  private TemplateSpec readForm() throws CaException {
    List<String> problems = new ArrayList<>();
    TemplateSpec spec = form.spec(problems);
    if (spec == null) {
      throw new CaException(
          CaException.Reason.INVALID,
          "the template is not valid",
          problems.stream().map(p -> new CaException.Violation("TEMPLATE", p)).toList());
    }
    return spec;
  }

  @Allowed(Task.MANAGE_TEMPLATES)
  public String delete() {
    return refusals
        .attempt(
            "template.delete",
            () -> {
              templates.delete(callers.current(), id);
              return Boolean.TRUE;
            })
        .map(
            deleted -> {
              Texts.info("template.deleted", name);
              Texts.keepForRedirect();
              return "/console/templates/index?faces-redirect=true&repository=" + repository;
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

  public UUID getRepository() {
    return repository;
  }

  public void setRepository(UUID repository) {
    this.repository = repository;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public TemplateForm getForm() {
    return form;
  }
}
