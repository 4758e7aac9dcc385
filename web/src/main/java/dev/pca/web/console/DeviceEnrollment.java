package dev.pca.web.console;

import dev.pca.application.Enrollments;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The device enrollment of one repository: its SCEP and EST profiles with the URLs devices use, the
 * requests waiting for a person, which operators approve or reject here, and those decided lately.
 */
@Named
@ViewScoped
public class DeviceEnrollment implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How many waiting requests the page lists, newest first. */
  static final int PENDING_SHOWN = 100;

  /** How many decided requests of each outcome the page reads. */
  private static final int DECIDED_SHOWN = 25;

  @EJB private Enrollments enrollments;
  @Inject private Callers callers;
  @Inject private Choices choices;
  @Inject private Refusals refusals;

  private UUID repository;
  private transient List<Enrollments.View> profiles;
  private transient List<Enrollments.Request> pending;
  private transient List<Enrollments.Request> decided;

  /** Why a request is rejected, as typed in its row. */
  private final Map<UUID, String> reasons = new HashMap<>();

  public void load() {
    repository = choices.repositoryOrFirst(repository);
    if (repository == null) {
      return;
    }
    profiles =
        refusals
            .attempt(
                "enrollment.profile.list", () -> enrollments.list(callers.current(), repository))
            .orElse(List.of());
    pending = requests(Enrollments.Status.PENDING, PENDING_SHOWN);
    decided =
        Stream.concat(
                requests(Enrollments.Status.ISSUED, DECIDED_SHOWN).stream(),
                requests(Enrollments.Status.REJECTED, DECIDED_SHOWN).stream())
            .sorted(
                Comparator.comparing(
                        Enrollments.Request::decidedAt,
                        Comparator.nullsLast(Comparator.naturalOrder()))
                    .reversed())
            .limit(DECIDED_SHOWN)
            .toList();
  }

  private List<Enrollments.Request> requests(Enrollments.Status status, int limit) {
    return refusals
        .attempt(
            "enrollment.request.list",
            () -> enrollments.requests(callers.current(), repository, status, limit))
        .orElse(List.of());
  }

  public String show() {
    return page();
  }

  @Allowed(Task.APPROVE_ENROLLMENT)
  public String approve(Enrollments.Request request) {
    return refusals
        .attempt(
            "enrollment.request.approve",
            () -> enrollments.approve(callers.current(), request.id()))
        .map(
            decided -> {
              // The template may refuse now what it took when the device asked.
              if (decided.status() == Enrollments.Status.ISSUED) {
                Texts.info("enrollment.request.approved", decided.subject());
              } else {
                Texts.error("enrollment.request.refused", decided.subject(), decided.reason());
              }
              return decidedPage();
            })
        .orElse(null);
  }

  @Allowed(Task.APPROVE_ENROLLMENT)
  public String reject(Enrollments.Request request) {
    String reason = reasons.get(request.id());
    return refusals
        .attempt(
            "enrollment.request.reject",
            () ->
                enrollments.reject(
                    callers.current(),
                    request.id(),
                    reason == null || reason.isBlank() ? null : reason.strip()))
        .map(
            decided -> {
              Texts.info("enrollment.request.rejected", decided.subject());
              return decidedPage();
            })
        .orElse(null);
  }

  private String decidedPage() {
    Texts.keepForRedirect();
    return page();
  }

  private String page() {
    return "/console/enrollment/index?faces-redirect=true&repository=" + repository;
  }

  public List<Enrollments.View> getProfiles() {
    return profiles == null ? List.of() : profiles;
  }

  public List<Enrollments.Request> getPending() {
    return pending == null ? List.of() : pending;
  }

  public List<Enrollments.Request> getDecided() {
    return decided == null ? List.of() : decided;
  }

  public int getPendingShown() {
    return PENDING_SHOWN;
  }

  public Map<UUID, String> getReasons() {
    return reasons;
  }

  public UUID getRepository() {
    return repository;
  }

  public void setRepository(UUID repository) {
    this.repository = repository;
  }
}
