package dev.pca.web.console;

import dev.pca.application.Enrollments;
import dev.pca.application.Enrollments.Authentication;
import dev.pca.application.Enrollments.Protocol;
import dev.pca.application.Issuers;
import dev.pca.application.Templates;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * Creates an enrollment profile for SCEP or EST devices or ACME clients, or changes one: the issuer
 * and template of its repository it issues under, how devices authenticate, and whether a person
 * approves each request (not for ACME); switches it on and off, deletes it, and makes it a new
 * secret. A secret the server makes is shown on the page that follows, once.
 */
@Named
@ViewScoped
public class EditEnrollmentProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB private Enrollments enrollments;
  @EJB private Issuers issuers;
  @EJB private Templates templates;
  @Inject private Callers callers;
  @Inject private Refusals refusals;

  private UUID id;
  private UUID repository;
  private Protocol protocol;
  private String name;
  private UUID issuerId;
  private UUID templateId;
  private Authentication authentication;
  private String username;
  private boolean manualApproval;
  private boolean allowDes;
  private boolean loaded;

  /** How the stored profile authenticates devices, before any change. */
  private Authentication stored;

  private transient Enrollments.View profile;
  private transient String secret;
  private transient List<Issuers.View> issuerChoices;
  private transient List<Templates.View> templateChoices;

  public void load() {
    if (id != null && !loaded) {
      refusals
          .attempt("enrollment.profile.read", () -> enrollments.get(callers.current(), id))
          .ifPresent(this::fill);
    }
    secret = ShownOnce.take(String.class);
    if (repository == null || protocol == null) {
      return;
    }
    issuerChoices =
        refusals
            .attempt("issuer.list", () -> issuers.list(callers.current(), repository))
            .orElse(List.of())
            .stream()
            .filter(i -> !i.root() && (i.enabled() || i.id().equals(issuerId)))
            .toList();
    templateChoices =
        refusals
            .attempt("template.list", () -> templates.list(callers.current(), repository))
            .orElse(List.of());
  }

  private void fill(Enrollments.View view) {
    profile = view;
    repository = view.repositoryId();
    protocol = view.protocol();
    name = view.name();
    issuerId = view.issuerId();
    templateId = view.templateId();
    authentication = view.authentication();
    username = view.username();
    manualApproval = view.manualApproval();
    allowDes = view.allowDes();
    stored = view.authentication();
    loaded = true;
  }

  @Allowed(Task.MANAGE_ENROLLMENT)
  public String save() {
    boolean basic = authentication == Authentication.HTTP_BASIC;
    Enrollments.Draft draft =
        new Enrollments.Draft(
            name == null ? null : name.strip(),
            protocol,
            issuerId,
            templateId,
            authentication,
            basic && username != null ? username.strip() : null,
            protocol != Protocol.ACME && manualApproval,
            protocol == Protocol.SCEP && allowDes);
    if (id == null) {
      return refusals
          .attempt(
              "enrollment.profile.create",
              () -> enrollments.create(callers.current(), repository, draft))
          .map(created -> shown(created, "enrollment.profile.created"))
          .orElse(null);
    }
    // A profile that gets a way of authenticating with a secret of its own needs one made now,
    // else no device could enrol through it.
    boolean secretNeeded = hasSecret(authentication) && !hasSecret(stored);
    return refusals
        .attempt(
            "enrollment.profile.change",
            () -> {
              Enrollments.View changed = enrollments.change(callers.current(), id, draft);
              return secretNeeded
                  ? enrollments.newSecret(callers.current(), id)
                  : new Enrollments.Created(changed, null);
            })
        .map(changed -> shown(changed, "enrollment.profile.saved"))
        .orElse(null);
  }

  /** Whether profiles authenticating this way have a secret of their own (not per device). */
  static boolean hasSecret(Authentication authentication) {
    return authentication == Authentication.CHALLENGE
        || authentication == Authentication.HTTP_BASIC;
  }

  @Allowed(Task.MANAGE_ENROLLMENT)
  public String newSecret() {
    return refusals
        .attempt("enrollment.profile.secret", () -> enrollments.newSecret(callers.current(), id))
        .map(made -> shown(made, "enrollment.profile.newSecret"))
        .orElse(null);
  }

  private String shown(Enrollments.Created made, String message) {
    Texts.info(message, made.profile().name());
    if (made.secret() != null) {
      ShownOnce.keep(made.secret());
    }
    Texts.keepForRedirect();
    return "/console/enrollment/edit?faces-redirect=true&id=" + made.profile().id();
  }

  @Allowed(Task.MANAGE_ENROLLMENT)
  public String enable() {
    return enabled(true);
  }

  @Allowed(Task.MANAGE_ENROLLMENT)
  public String disable() {
    return enabled(false);
  }

  private String enabled(boolean enabled) {
    return refusals
        .attempt(
            enabled ? "enrollment.profile.enable" : "enrollment.profile.disable",
            () -> enrollments.enable(callers.current(), id, enabled))
        .map(
            changed -> {
              Texts.info(
                  enabled ? "enrollment.profile.enabled" : "enrollment.profile.disabled",
                  changed.name());
              Texts.keepForRedirect();
              return "/console/enrollment/edit?faces-redirect=true&id=" + id;
            })
        .orElse(null);
  }

  @Allowed(Task.MANAGE_ENROLLMENT)
  public String delete() {
    return refusals
        .attempt(
            "enrollment.profile.delete",
            () -> {
              enrollments.delete(callers.current(), id);
              return Boolean.TRUE;
            })
        .map(
            deleted -> {
              Texts.info("enrollment.profile.deleted", name);
              Texts.keepForRedirect();
              return "/console/enrollment/index?faces-redirect=true&repository=" + repository;
            })
        .orElse(null);
  }

  /** The ways of authenticating that devices of the profile's protocol have. */
  public List<Authentication> getAuthentications() {
    if (protocol == Protocol.ACME) {
      return List.of(Authentication.EXTERNAL_ACCOUNT);
    }
    return protocol == Protocol.EST
        ? List.of(Authentication.HTTP_BASIC, Authentication.CLIENT_CERTIFICATE)
        : List.of(Authentication.CHALLENGE, Authentication.ONE_TIME_CHALLENGE);
  }

  /** Whether the stored profile has a secret of its own that an administrator can replace. */
  public boolean isWithSecret() {
    return stored != null && hasSecret(stored);
  }

  public boolean isCreating() {
    return id == null;
  }

  public Enrollments.View getProfile() {
    return profile;
  }

  public String getSecret() {
    return secret;
  }

  public List<Issuers.View> getIssuerChoices() {
    return issuerChoices == null ? List.of() : issuerChoices;
  }

  public List<Templates.View> getTemplateChoices() {
    return templateChoices == null ? List.of() : templateChoices;
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

  public Protocol getProtocol() {
    return protocol;
  }

  /** Chosen before a profile is made; a profile keeps its protocol. */
  public void setProtocol(Protocol protocol) {
    if (!loaded) {
      this.protocol = protocol;
    }
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public UUID getIssuerId() {
    return issuerId;
  }

  public void setIssuerId(UUID issuerId) {
    this.issuerId = issuerId;
  }

  public UUID getTemplateId() {
    return templateId;
  }

  public void setTemplateId(UUID templateId) {
    this.templateId = templateId;
  }

  public Authentication getAuthentication() {
    return authentication;
  }

  public void setAuthentication(Authentication authentication) {
    this.authentication = authentication;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public boolean isManualApproval() {
    return manualApproval;
  }

  public void setManualApproval(boolean manualApproval) {
    this.manualApproval = manualApproval;
  }

  public boolean isAllowDes() {
    return allowDes;
  }

  public void setAllowDes(boolean allowDes) {
    this.allowDes = allowDes;
  }
}
