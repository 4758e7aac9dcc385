package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.AuditLog;
import dev.pca.application.CaException;
import dev.pca.application.Templates;
import dev.pca.domain.model.repository.Repository;
import dev.pca.domain.model.template.Template;
import dev.pca.domain.policy.TemplateSpec;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

@Stateless
public class TemplatesBean implements Templates {
  static final Jsonb JSON = JsonbBuilder.create();

  @PersistenceContext private EntityManager em;
  @EJB private AuditLog audit;

  @Override
  public View create(Actor actor, UUID repositoryId, Draft draft) throws CaException {
    Checks.valid(draft);
    Repository repository = Lookups.repository(em, repositoryId);
    Scope.require(actor, repository);
    String body = checked(draft);
    requireFreeName(repositoryId, draft.name(), null);
    Template template = new Template(repository, draft.name(), body, Instant.now());
    em.persist(template);
    audit.success(actor, "template.create", "template", template.id(), draft.name() + " " + body);
    return view(template);
  }

  @Override
  public View change(Actor actor, UUID id, Draft draft) throws CaException {
    Checks.valid(draft);
    Template template = Lookups.template(em, id);
    Scope.require(actor, template.repository());
    String body = checked(draft);
    requireFreeName(template.repository().id(), draft.name(), id);
    template.change(draft.name(), body, Instant.now());
    audit.success(actor, "template.change", "template", id, draft.name() + " " + body);
    return view(template);
  }

  @Override
  public void delete(Actor actor, UUID id) throws CaException {
    Template template = Lookups.template(em, id);
    Scope.require(actor, template.repository());
    Long used =
        em.createQuery("select count(c) from Certificate c where c.templateId = :t", Long.class)
            .setParameter("t", id)
            .getSingleResult();
    if (used > 0) {
      throw new CaException(
          CaException.Reason.CONFLICT,
          "the template was used for " + used + " certificate(s); change it instead");
    }
    em.remove(template);
    audit.success(actor, "template.delete", "template", id, template.name());
  }

  @Override
  public View get(Actor actor, UUID id) throws CaException {
    Template template = Lookups.template(em, id);
    Scope.require(actor, template.repository());
    return view(template);
  }

  @Override
  public List<View> list(Actor actor, UUID repositoryId) throws CaException {
    Scope.require(actor, Lookups.repository(em, repositoryId));
    return em
        .createQuery(
            "select t from Template t where t.repository.id = :r order by t.name", Template.class)
        .setParameter("r", repositoryId)
        .getResultList()
        .stream()
        .map(TemplatesBean::view)
        .toList();
  }

  /** The template's own problems refuse it whole, each named; otherwise its stored JSON. */
  private static String checked(Draft draft) throws CaException {
    List<String> problems = draft.spec().problems();
    if (!problems.isEmpty()) {
      throw new CaException(
          CaException.Reason.INVALID,
          "the template is not valid",
          problems.stream().map(p -> new CaException.Violation("TEMPLATE", p)).toList());
    }
    return JSON.toJson(draft.spec());
  }

  private void requireFreeName(UUID repositoryId, String name, UUID self) throws CaException {
    List<UUID> holders =
        em.createQuery(
                "select t.id from Template t where t.repository.id = :r and lower(t.name) = lower(:n)",
                UUID.class)
            .setParameter("r", repositoryId)
            .setParameter("n", name)
            .getResultList();
    if (holders.stream().anyMatch(holder -> !holder.equals(self))) {
      throw new CaException(CaException.Reason.CONFLICT, "a template named " + name + " exists");
    }
  }

  /** Parsed templates by id, for as long as their text is unchanged (issuance reads them often). */
  private static final Map<UUID, Parsed> PARSED = new ConcurrentHashMap<>();

  private record Parsed(String body, TemplateSpec spec) {}

  static TemplateSpec spec(Template template) {
    Parsed parsed = PARSED.get(template.id());
    if (parsed == null || !parsed.body().equals(template.body())) {
      parsed = new Parsed(template.body(), JSON.fromJson(template.body(), TemplateSpec.class));
      PARSED.put(template.id(), parsed);
    }
    return parsed.spec();
  }

  static View view(Template t) {
    return new View(t.id(), t.repository().id(), t.name(), spec(t), t.updatedAt());
  }
}
