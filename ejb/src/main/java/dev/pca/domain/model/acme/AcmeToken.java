package dev.pca.domain.model.acme;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A token for external account binding (RFC 8555 section 7.3.4): a key id and an HMAC key that an
 * operator hands to whoever may open ACME accounts under the profile. The key is a verifier secret:
 * the server needs the key itself to check a MAC, so it is kept, and shown only when made.
 */
@Entity
@Table(name = "acme_token")
public class AcmeToken {
  @Id private UUID id;

  @Column(name = "profile_id", nullable = false)
  private UUID profileId;

  @Column(name = "key_id", nullable = false)
  private String keyId;

  @Column(name = "hmac_key", nullable = false)
  private byte[] hmacKey;

  private String description;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "revoked_by")
  private String revokedBy;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Version private int version;

  protected AcmeToken() {}

  public AcmeToken(
      UUID profileId, String keyId, byte[] hmacKey, String description, String by, Instant at) {
    this.id = UUID.randomUUID();
    this.profileId = Objects.requireNonNull(profileId);
    this.keyId = Objects.requireNonNull(keyId);
    this.hmacKey = hmacKey.clone();
    this.description = description;
    this.createdBy = Objects.requireNonNull(by);
    this.createdAt = Objects.requireNonNull(at).truncatedTo(ChronoUnit.MICROS);
  }

  /** No account binds with it any more, and those bound with it can no longer order. */
  public void revoke(String by, Instant at) {
    if (revokedAt != null) {
      throw new IllegalStateException("the token was revoked already");
    }
    this.revokedBy = Objects.requireNonNull(by);
    this.revokedAt = Objects.requireNonNull(at).truncatedTo(ChronoUnit.MICROS);
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  public UUID id() {
    return id;
  }

  public UUID profileId() {
    return profileId;
  }

  public String keyId() {
    return keyId;
  }

  public byte[] hmacKey() {
    return hmacKey.clone();
  }

  public String description() {
    return description;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public String revokedBy() {
    return revokedBy;
  }

  public Instant revokedAt() {
    return revokedAt;
  }
}
