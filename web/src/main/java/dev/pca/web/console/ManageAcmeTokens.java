package dev.pca.web.console;

import dev.pca.application.Acme;
import dev.pca.application.Enrollments;
import dev.pca.web.AcmeClients;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * The ACME tokens of one ACME profile: the list with the accounts bound to each, a form that makes
 * a token (its HMAC key and a certbot command line are shown on the page that follows, once), and
 * revocation of a token after the user confirmed it.
 */
@Named
@ViewScoped
public class ManageAcmeTokens implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB private Acme acme;
  @EJB private Enrollments enrollments;
  @Inject private Callers callers;
  @Inject private Refusals refusals;
  @Inject private HttpServletRequest request;

  private UUID profileId;
  private String description;

  /** The token whose revocation waits for the user to confirm it. */
  private UUID revoking;

  private transient Enrollments.View profile;
  private transient List<Acme.Token> tokens;
  private transient AcmeClients.NewToken created;

  public void load() {
    if (profileId == null) {
      Texts.error("invalid.id");
      return;
    }
    created = ShownOnce.take(AcmeClients.NewToken.class);
    refusals
        .attempt("enrollment.profile.read", () -> enrollments.get(callers.current(), profileId))
        .ifPresent(view -> profile = view);
    if (isAcme()) {
      tokens =
          refusals
              .attempt("acme.token.list", () -> acme.tokens(callers.current(), profileId))
              .orElse(List.of());
    }
  }

  @Allowed(Task.MANAGE_ACME_TOKENS)
  public String create() {
    String base =
        AcmeClients.base(request.getScheme(), request.getServerName(), request.getServerPort());
    return refusals
        .attempt(
            "acme.token.create",
            () ->
                acme.createToken(
                    callers.current(),
                    profileId,
                    description == null || description.isBlank() ? null : description.strip()))
        .map(
            made -> {
              AcmeClients.NewToken shown = AcmeClients.shown(made, base);
              Texts.info("acme.token.made", shown.keyId());
              ShownOnce.keep(shown);
              return again();
            })
        .orElse(null);
  }

  /** Asks the user to confirm revoking the token; nothing is revoked yet. */
  @Allowed(Task.MANAGE_ACME_TOKENS)
  public String ask(Acme.Token token) {
    revoking = token.id();
    return null;
  }

  public String cancel() {
    revoking = null;
    return null;
  }

  @Allowed(Task.MANAGE_ACME_TOKENS)
  public String revoke() {
    if (revoking == null) {
      return null;
    }
    return refusals
        .attempt("acme.token.revoke", () -> acme.revokeToken(callers.current(), revoking))
        .map(
            revoked -> {
              Texts.info("acme.token.wasRevoked", revoked.keyId());
              return again();
            })
        .orElse(null);
  }

  /** This page again, freshly read, with this request's messages. */
  private String again() {
    Texts.keepForRedirect();
    return "/console/enrollment/acme-tokens?faces-redirect=true&profile=" + profileId;
  }

  public boolean isAcme() {
    return profile != null && profile.protocol() == Enrollments.Protocol.ACME;
  }

  /** The token whose revocation waits for confirmation, or null. */
  public Acme.Token getRevoking() {
    return revoking == null
        ? null
        : getTokens().stream().filter(t -> t.id().equals(revoking)).findFirst().orElse(null);
  }

  public Enrollments.View getProfile() {
    return profile;
  }

  public List<Acme.Token> getTokens() {
    return tokens == null ? List.of() : tokens;
  }

  public AcmeClients.NewToken getCreated() {
    return created;
  }

  public UUID getProfileId() {
    return profileId;
  }

  public void setProfileId(UUID profileId) {
    this.profileId = profileId;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }
}
