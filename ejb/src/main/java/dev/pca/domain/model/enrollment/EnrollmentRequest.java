package dev.pca.domain.model.enrollment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One enrollment of a device: pending until a person decides when its profile asks for approval,
 * otherwise issued at once. The device finds it again by its transaction id.
 */
@Entity
@Table(name = "enrollment_request")
public class EnrollmentRequest {
  public enum Status {
    PENDING,
    ISSUED,
    REJECTED
  }

  /** What the device asked for. */
  public record Asked(
      String transactionId,
      String subject,
      String sans,
      byte[] csr,
      UUID renewsId,
      String requestedBy,
      String requestedFrom) {}

  @Id private UUID id;

  @Column(name = "profile_id", nullable = false)
  private UUID profileId;

  @Column(name = "transaction_id")
  private String transactionId;

  @Column(nullable = false)
  private String subject;

  @Column(nullable = false)
  private String sans;

  @Column(nullable = false)
  private byte[] csr;

  @Column(name = "renews_id")
  private UUID renewsId;

  @Column(nullable = false)
  private String status;

  @Column(name = "certificate_id")
  private UUID certificateId;

  @Column(name = "requested_by", nullable = false)
  private String requestedBy;

  @Column(name = "requested_from", nullable = false)
  private String requestedFrom;

  @Column(name = "requested_at", nullable = false)
  private Instant requestedAt;

  @Column(name = "decided_by")
  private String decidedBy;

  @Column(name = "decided_at")
  private Instant decidedAt;

  private String reason;

  @Version private int version;

  protected EnrollmentRequest() {}

  public EnrollmentRequest(UUID profileId, Asked asked, Instant at) {
    this.id = UUID.randomUUID();
    this.profileId = Objects.requireNonNull(profileId);
    this.transactionId = asked.transactionId();
    this.subject = asked.subject();
    this.sans = asked.sans();
    this.csr = asked.csr().clone();
    this.renewsId = asked.renewsId();
    this.requestedBy = asked.requestedBy();
    this.requestedFrom = asked.requestedFrom();
    this.requestedAt = at;
    this.status = Status.PENDING.name();
  }

  public void issued(UUID certificate, String by, Instant at) {
    decide(Status.ISSUED, by, at, null);
    this.certificateId = certificate;
  }

  public void rejected(String by, Instant at, String why) {
    decide(Status.REJECTED, by, at, why);
  }

  private void decide(Status to, String by, Instant at, String why) {
    if (status() != Status.PENDING) {
      throw new IllegalStateException("the request was decided already: " + status);
    }
    this.status = to.name();
    this.decidedBy = by;
    this.decidedAt = at;
    this.reason = why == null ? null : why.substring(0, Math.min(why.length(), 1024));
  }

  public UUID id() {
    return id;
  }

  public UUID profileId() {
    return profileId;
  }

  public String transactionId() {
    return transactionId;
  }

  public String subject() {
    return subject;
  }

  public String sans() {
    return sans;
  }

  public byte[] csr() {
    return csr.clone();
  }

  public UUID renewsId() {
    return renewsId;
  }

  public Status status() {
    return Status.valueOf(status);
  }

  public UUID certificateId() {
    return certificateId;
  }

  public String requestedBy() {
    return requestedBy;
  }

  public String requestedFrom() {
    return requestedFrom;
  }

  public Instant requestedAt() {
    return requestedAt;
  }

  public String decidedBy() {
    return decidedBy;
  }

  public Instant decidedAt() {
    return decidedAt;
  }

  public String reason() {
    return reason;
  }
}
