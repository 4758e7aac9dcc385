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
 * An account's authorization for one identifier: pending until one of its challenges is validated,
 * then valid for a while and reused by the account's later orders for the same identifier. For a
 * wildcard, the value is the name without its "*." label. Expiry is read from {@code expires}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.1.4">RFC 8555 section 7.1.4</a>
 */
@Entity
@Table(name = "acme_authorization")
public class AcmeAuthorization {
  public enum Status {
    PENDING,
    VALID,
    INVALID,
    DEACTIVATED,
    EXPIRED,
    REVOKED
  }

  @Id private UUID id;

  @Column(name = "account_id", nullable = false)
  private UUID accountId;

  @Column(name = "identifier_type", nullable = false)
  private String identifierType;

  @Column(name = "identifier_value", nullable = false)
  private String identifierValue;

  @Column(nullable = false)
  private boolean wildcard;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(nullable = false)
  private Instant expires;

  @Version private int version;

  protected AcmeAuthorization() {}

  public AcmeAuthorization(
      UUID accountId, String type, String value, boolean wildcard, Instant expires) {
    this.id = UUID.randomUUID();
    this.accountId = Objects.requireNonNull(accountId);
    this.identifierType = Objects.requireNonNull(type);
    this.identifierValue = Objects.requireNonNull(value);
    this.wildcard = wildcard;
    this.status = Status.PENDING;
    this.expires = Objects.requireNonNull(expires).truncatedTo(ChronoUnit.MICROS);
  }

  /** The status at {@code now}: a pending or valid authorization past its expiry has expired. */
  public Status status(Instant now) {
    boolean live = status == Status.PENDING || status == Status.VALID;
    return live && !expires.isAfter(now) ? Status.EXPIRED : status;
  }

  /** A challenge was validated: the authorization holds until {@code until}. */
  public void valid(Instant now, Instant until) {
    requirePending(now);
    this.status = Status.VALID;
    this.expires = Objects.requireNonNull(until).truncatedTo(ChronoUnit.MICROS);
  }

  /** A challenge failed: the authorization is invalid for good (section 7.1.6). */
  public void invalid(Instant now) {
    requirePending(now);
    this.status = Status.INVALID;
  }

  /** The client gives the authorization up (section 7.5.2). */
  public void deactivate(Instant now) {
    Status current = status(now);
    if (current != Status.PENDING && current != Status.VALID) {
      throw new IllegalStateException("only a pending or valid authorization is deactivated");
    }
    this.status = Status.DEACTIVATED;
  }

  private void requirePending(Instant now) {
    if (status(now) != Status.PENDING) {
      throw new IllegalStateException("the authorization is no longer pending");
    }
  }

  public UUID id() {
    return id;
  }

  public UUID accountId() {
    return accountId;
  }

  public String identifierType() {
    return identifierType;
  }

  public String identifierValue() {
    return identifierValue;
  }

  public boolean wildcard() {
    return wildcard;
  }

  public Instant expires() {
    return expires;
  }
}
