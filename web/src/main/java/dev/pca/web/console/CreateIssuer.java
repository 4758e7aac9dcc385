package dev.pca.web.console;

import dev.pca.application.Issuers;
import dev.pca.crypto.KeySpec;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * Creates a root (self-signed, signs intermediates) or an intermediate (signed by a root of the
 * repository, signs certificates), its key generated on the token.
 */
@Named
@ViewScoped
public class CreateIssuer implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB private Issuers issuers;
  @Inject private Callers callers;
  @Inject private Refusals refusals;

  private UUID repository;
  private String kind = "root";
  private UUID parentId;
  private String label;
  private String subject;
  private KeySpec keySpec = KeySpec.EC_P256;
  private Integer validityDays;
  private Integer pathLength;
  private Long quota;
  private transient List<Issuers.View> roots;

  /** Fills in the defaults of the kind asked for: ten years and path length 1 for a root. */
  public void load() {
    if (validityDays == null) {
      validityDays = isRoot() ? 3650 : 1825;
      pathLength = isRoot() ? 1 : 0;
    }
  }

  @Allowed(Task.MANAGE_ISSUERS)
  public String create() {
    Issuers.Draft draft =
        new Issuers.Draft(
            strip(label),
            strip(subject),
            keySpec,
            validityDays == null ? 0 : validityDays,
            pathLength,
            quota);
    return refusals
        .attempt(
            isRoot() ? "issuer.create-root" : "issuer.create-intermediate",
            () ->
                isRoot()
                    ? issuers.createRoot(callers.current(), repository, draft)
                    : issuers.createIntermediate(callers.current(), parentId, draft))
        .map(
            created -> {
              Texts.info("issuer.created", created.label());
              Texts.keepForRedirect();
              return "/console/issuers/view?faces-redirect=true&id=" + created.id();
            })
        .orElse(null);
  }

  /** The enabled roots of the repository, which may sign a new intermediate. */
  public List<Issuers.View> getRoots() {
    if (roots == null) {
      roots =
          repository == null
              ? List.of()
              : refusals
                  .attempt("issuer.list", () -> issuers.list(callers.current(), repository))
                  .orElse(List.of())
                  .stream()
                  .filter(i -> i.root() && i.enabled())
                  .toList();
    }
    return roots;
  }

  static String strip(String value) {
    return value == null ? null : value.strip();
  }

  public boolean isRoot() {
    return !"intermediate".equals(kind);
  }

  public UUID getRepository() {
    return repository;
  }

  public void setRepository(UUID repository) {
    this.repository = repository;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public UUID getParentId() {
    return parentId;
  }

  public void setParentId(UUID parentId) {
    this.parentId = parentId;
  }

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  public String getSubject() {
    return subject;
  }

  public void setSubject(String subject) {
    this.subject = subject;
  }

  public KeySpec getKeySpec() {
    return keySpec;
  }

  public void setKeySpec(KeySpec keySpec) {
    this.keySpec = keySpec;
  }

  public Integer getValidityDays() {
    return validityDays;
  }

  public void setValidityDays(Integer validityDays) {
    this.validityDays = validityDays;
  }

  public Integer getPathLength() {
    return pathLength;
  }

  public void setPathLength(Integer pathLength) {
    this.pathLength = pathLength;
  }

  public Long getQuota() {
    return quota;
  }

  public void setQuota(Long quota) {
    this.quota = quota;
  }
}
