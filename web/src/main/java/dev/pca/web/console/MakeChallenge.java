package dev.pca.web.console;

import dev.pca.application.Enrollments;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.util.UUID;

/**
 * Makes a one-time challenge password for one named device of a ONE_TIME_CHALLENGE profile. The
 * password is shown on the page that follows, once; the device uses it once, before it expires.
 */
@Named
@ViewScoped
public class MakeChallenge implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB private Enrollments enrollments;
  @Inject private Callers callers;
  @Inject private Refusals refusals;

  private UUID profileId;
  private String device;
  private Period validity = Period.of(Duration.ofDays(7).toSeconds());
  private transient Enrollments.View profile;
  private transient Enrollments.Challenge challenge;

  public void load() {
    if (profileId == null) {
      Texts.error("invalid.id");
      return;
    }
    challenge = ShownOnce.take(Enrollments.Challenge.class);
    refusals
        .attempt("enrollment.profile.read", () -> enrollments.get(callers.current(), profileId))
        .ifPresent(view -> profile = view);
  }

  @Allowed(Task.MAKE_CHALLENGES)
  public String make() {
    return refusals
        .attempt(
            "enrollment.challenge.create",
            () ->
                enrollments.newChallenge(
                    callers.current(),
                    profileId,
                    device == null ? null : device.strip(),
                    Duration.ofSeconds(validity.seconds())))
        .map(
            made -> {
              Texts.info("challenge.made", made.device());
              ShownOnce.keep(made);
              Texts.keepForRedirect();
              return "/console/enrollment/challenge?faces-redirect=true&profile=" + profileId;
            })
        .orElse(null);
  }

  public boolean isOneTime() {
    return profile != null
        && profile.authentication() == Enrollments.Authentication.ONE_TIME_CHALLENGE;
  }

  public Enrollments.View getProfile() {
    return profile;
  }

  public Enrollments.Challenge getChallenge() {
    return challenge;
  }

  public UUID getProfileId() {
    return profileId;
  }

  public void setProfileId(UUID profileId) {
    this.profileId = profileId;
  }

  public String getDevice() {
    return device;
  }

  public void setDevice(String device) {
    this.device = device;
  }

  public Period getValidity() {
    return validity;
  }
}
