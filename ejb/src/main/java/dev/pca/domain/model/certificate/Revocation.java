package dev.pca.domain.model.certificate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One step in a certificate's revocation history: who revoked, held or released it, and why. */
@Entity
@Table(name = "revocation")
public class Revocation {
  /** What was done. */
  public enum Action {
    REVOKE,
    HOLD,
    RELEASE
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "certificate_id", nullable = false)
  private UUID certificateId;

  @Column(nullable = false)
  private String action;

  private Integer reason;

  @Column(nullable = false)
  private Instant at;

  @Column(nullable = false)
  private String actor;

  protected Revocation() {}

  Revocation(UUID certificateId, Action action, RevocationReason reason, Instant at, String actor) {
    this.certificateId = certificateId;
    this.action = action.name();
    this.reason = reason == null ? null : reason.code();
    this.at = at;
    this.actor = actor;
  }

  public Action action() {
    return Action.valueOf(action);
  }

  public RevocationReason reason() {
    return reason == null ? null : RevocationReason.of(reason);
  }

  public Instant at() {
    return at;
  }

  public String actor() {
    return actor;
  }
}
