package dev.pca.domain.model.acme;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * An ACME client's account under a profile, known by its key (a JWK and that key's RFC 7638
 * thumbprint) and bound to the token it proved to hold when it was made.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.1.2">RFC 8555 section 7.1.2</a>
 */
@Entity
@Table(name = "acme_account")
public class AcmeAccount {
  /** RFC 8555 section 7.1.6: valid, then deactivated by the client or revoked by the server. */
  public enum Status {
    VALID,
    DEACTIVATED,
    REVOKED
  }

  @Id private UUID id;

  @Column(name = "profile_id", nullable = false)
  private UUID profileId;

  @Column(name = "token_id", nullable = false)
  private UUID tokenId;

  @Column(nullable = false)
  private String jwk;

  @Column(nullable = false)
  private String thumbprint;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  /** The contact URLs as a JSON array. */
  @Column(nullable = false)
  private String contact;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Version private int version;

  protected AcmeAccount() {}

  public AcmeAccount(
      UUID profileId, UUID tokenId, String jwk, String thumbprint, String contact, Instant at) {
    this.id = UUID.randomUUID();
    this.profileId = Objects.requireNonNull(profileId);
    this.tokenId = Objects.requireNonNull(tokenId);
    this.jwk = Objects.requireNonNull(jwk);
    this.thumbprint = Objects.requireNonNull(thumbprint);
    this.contact = Objects.requireNonNull(contact);
    this.status = Status.VALID;
    this.createdAt = Objects.requireNonNull(at).truncatedTo(ChronoUnit.MICROS);
  }

  public void contact(String contact) {
    this.contact = Objects.requireNonNull(contact);
  }

  /** Account key rollover (RFC 8555 section 7.3.5). */
  public void rekey(String jwk, String thumbprint) {
    this.jwk = Objects.requireNonNull(jwk);
    this.thumbprint = Objects.requireNonNull(thumbprint);
  }

  /** The client ends its account (section 7.3.6); a deactivated account stays so. */
  public void deactivate() {
    if (status == Status.VALID) {
      status = Status.DEACTIVATED;
    }
  }

  public boolean valid() {
    return status == Status.VALID;
  }

  public UUID id() {
    return id;
  }

  public UUID profileId() {
    return profileId;
  }

  public UUID tokenId() {
    return tokenId;
  }

  public String jwk() {
    return jwk;
  }

  public String thumbprint() {
    return thumbprint;
  }

  public Status status() {
    return status;
  }

  public String contact() {
    return contact;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
