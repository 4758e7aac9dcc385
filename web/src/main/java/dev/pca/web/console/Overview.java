package dev.pca.web.console;

import dev.pca.application.Dashboard;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The dashboard: counts, expiries over the next 13 weeks, issuance over the last 13, and the CRL
 * and OCSP health of every issuer, for one repository or all. Charts are bars drawn by the server
 * in HTML, each with its number, so they read without scripts and with a screen reader.
 */
@Named
@RequestScoped
public class Overview {
  /** One bar of a chart: the week it starts, its count and its height in percent of the tallest. */
  public record Bar(Instant week, long count, int percent) {}

  /** An issuer's CRL and OCSP state, judged for display. */
  public record Health(Dashboard.Health issuer, String crl, String ocsp) {}

  @EJB private Dashboard dashboard;
  @Inject private Callers callers;
  @Inject private Refusals refusals;

  private UUID repository;
  private Dashboard.Summary summary;

  public void load() {
    refusals
        .attempt("dashboard.read", () -> dashboard.summary(callers.current(), repository))
        .ifPresent(s -> summary = s);
  }

  public String show() {
    return "/console/index?faces-redirect=true"
        + (repository == null ? "" : "&repository=" + repository);
  }

  public Dashboard.Counts getCounts() {
    return summary == null ? null : summary.counts();
  }

  public List<Bar> getExpiries() {
    return summary == null ? List.of() : bars(summary.expiries());
  }

  public List<Bar> getIssuance() {
    return summary == null ? List.of() : bars(summary.issuance());
  }

  public List<Health> getHealth() {
    if (summary == null) {
      return List.of();
    }
    Instant now = summary.at();
    return summary.health().stream().map(h -> new Health(h, crl(h, now), ocsp(h, now))).toList();
  }

  /** off, none (no CRL yet), current, or overdue (its nextUpdate has passed). */
  static String crl(Dashboard.Health h, Instant now) {
    if (!h.crlEnabled()) {
      return "off";
    }
    if (h.crlNextUpdate() == null) {
      return "none";
    }
    return h.crlNextUpdate().isAfter(now) ? "current" : "overdue";
  }

  /** off, none (no current responder certificate), or current. */
  static String ocsp(Dashboard.Health h, Instant now) {
    if (!h.ocspEnabled()) {
      return "off";
    }
    return h.responderNotAfter() != null && h.responderNotAfter().isAfter(now) ? "current" : "none";
  }

  static List<Bar> bars(List<Dashboard.Week> weeks) {
    long max = Math.max(1, weeks.stream().mapToLong(Dashboard.Week::count).max().orElse(0));
    return weeks.stream()
        .map(w -> new Bar(w.start(), w.count(), (int) Math.round(100.0 * w.count() / max)))
        .toList();
  }

  public UUID getRepository() {
    return repository;
  }

  public void setRepository(UUID repository) {
    this.repository = repository;
  }
}
