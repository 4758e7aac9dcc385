package dev.pca.web.console;

import dev.pca.application.AuditLog;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The audit log, newest first, filtered by actor, action, object and time, in pages of older and
 * older events; and the check that recomputes the whole hash chain.
 */
@Named
@ViewScoped
public class SearchAudit implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int PAGE_SIZE = 50;

  /** The actions the core records, offered as suggestions (any text may still be typed). */
  private static final List<String> ACTIONS =
      List.of(
          "repository.create",
          "repository.change",
          "repository.delete",
          "issuer.create-root",
          "issuer.create-intermediate",
          "issuer.import",
          "issuer.enable",
          "issuer.disable",
          "issuer.quota",
          "template.create",
          "template.change",
          "template.delete",
          "certificate.issue",
          "certificate.renew",
          "certificate.revoke",
          "certificate.hold",
          "certificate.release");

  @EJB private AuditLog audit;
  @Inject private Refusals refusals;

  private String actor;
  private String action;
  private String objectType;
  private String objectId;
  private String from;
  private String to;
  private Long before;
  private transient List<AuditLog.Event> events = List.of();
  private transient AuditLog.Verification verification;

  public void load() {
    if (!Instants.readable(from, "audit.from") || !Instants.readable(to, "audit.to")) {
      return;
    }
    AuditLog.Filter filter =
        new AuditLog.Filter(
            blankToNull(actor),
            blankToNull(action),
            blankToNull(objectType),
            blankToNull(objectId),
            Instants.of(from),
            Instants.of(to));
    events =
        refusals
            .attempt("audit.read", () -> audit.find(filter, before, PAGE_SIZE))
            .orElse(List.of());
  }

  /** Shows the newest events the form's filter matches. */
  public String search() {
    before = null;
    return "/console/audit/index?faces-redirect=true" + query(null);
  }

  @Allowed(Task.READ_AUDIT)
  public String verify() {
    refusals
        .attempt("audit.verify", audit::verify)
        .ifPresent(
            result -> {
              verification = result;
              if (result.intact()) {
                Texts.info("audit.intact", result.eventsChecked());
              } else if (result.firstBrokenSeq() != null) {
                Texts.error("audit.broken", result.firstBrokenSeq(), result.eventsChecked());
              } else {
                Texts.error("audit.brokenTail", result.eventsChecked());
              }
            });
    return null;
  }

  /** The link to the next older page; empty when this page was not full. */
  public String getOlder() {
    return events.size() < PAGE_SIZE
        ? ""
        : "?" + query(events.get(events.size() - 1).seq()).substring(1);
  }

  private String query(Long olderThan) {
    StringBuilder query = new StringBuilder();
    Map.of(
            "actor", String.valueOf(actor),
            "action", String.valueOf(action),
            "objectType", String.valueOf(objectType),
            "objectId", String.valueOf(objectId),
            "from", String.valueOf(from),
            "to", String.valueOf(to))
        .forEach(
            (name, value) -> {
              if (!value.equals("null") && !value.isBlank()) {
                query.append('&').append(name).append('=').append(encode(value));
              }
            });
    if (olderThan != null) {
      query.append("&before=").append(olderThan);
    }
    return query.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  public List<String> getActions() {
    return ACTIONS;
  }

  public List<AuditLog.Event> getEvents() {
    return events;
  }

  public AuditLog.Verification getVerification() {
    return verification;
  }

  public String getActor() {
    return actor;
  }

  public void setActor(String actor) {
    this.actor = actor;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public String getObjectType() {
    return objectType;
  }

  public void setObjectType(String objectType) {
    this.objectType = objectType;
  }

  public String getObjectId() {
    return objectId;
  }

  public void setObjectId(String objectId) {
    this.objectId = objectId;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }

  public Long getBefore() {
    return before;
  }

  public void setBefore(Long before) {
    this.before = before;
  }
}
