package dev.pca.domain.model.enrollment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A challenge password for one device, used at most once before it expires. */
@Entity
@Table(name = "enrollment_challenge")
public class EnrollmentChallenge {
  @Id private UUID id;

  @Column(name = "profile_id", nullable = false)
  private UUID profileId;

  @Column(nullable = false)
  private String device;

  @Column(name = "secret_sha256", nullable = false)
  private byte[] secretSha256;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "used_at")
  private Instant usedAt;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected EnrollmentChallenge() {}

  public EnrollmentChallenge(
      UUID profileId, String device, byte[] sha256, Instant expiresAt, String by, Instant at) {
    this.id = UUID.randomUUID();
    this.profileId = Objects.requireNonNull(profileId);
    this.device = Objects.requireNonNull(device);
    this.secretSha256 = sha256.clone();
    this.expiresAt = expiresAt;
    this.createdBy = by;
    this.createdAt = at;
  }

  /** Uses the challenge up; false when it was used before or has expired. */
  public boolean use(Instant at) {
    if (usedAt != null || !expiresAt.isAfter(at)) {
      return false;
    }
    usedAt = at;
    return true;
  }

  public UUID id() {
    return id;
  }

  public UUID profileId() {
    return profileId;
  }

  public String device() {
    return device;
  }

  public Instant expiresAt() {
    return expiresAt;
  }
}
