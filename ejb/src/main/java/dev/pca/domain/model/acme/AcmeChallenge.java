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
 * One way to prove control of an authorization's identifier (http-01, dns-01, tls-alpn-01), with
 * the random token the client puts in its key authorization.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-8">RFC 8555 section 8</a>
 */
@Entity
@Table(name = "acme_challenge")
public class AcmeChallenge {
  public enum Status {
    PENDING,
    PROCESSING,
    VALID,
    INVALID
  }

  @Id private UUID id;

  @Column(name = "authorization_id", nullable = false)
  private UUID authorizationId;

  @Column(nullable = false)
  private String type;

  @Column(nullable = false)
  private String token;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(name = "validated_at")
  private Instant validatedAt;

  /** The problem as JSON text, when validation failed. */
  private String error;

  @Version private int version;

  protected AcmeChallenge() {}

  public AcmeChallenge(UUID authorizationId, String type, String token) {
    this.id = UUID.randomUUID();
    this.authorizationId = Objects.requireNonNull(authorizationId);
    this.type = Objects.requireNonNull(type);
    this.token = Objects.requireNonNull(token);
    this.status = Status.PENDING;
  }

  /** The client asked for validation (section 7.5.1); false when it is not pending. */
  public boolean start() {
    if (status != Status.PENDING) {
      return false;
    }
    status = Status.PROCESSING;
    return true;
  }

  public void valid(Instant at) {
    requireProcessing();
    status = Status.VALID;
    validatedAt = Objects.requireNonNull(at).truncatedTo(ChronoUnit.MICROS);
  }

  public void invalid(String problem) {
    requireProcessing();
    status = Status.INVALID;
    error = problem;
  }

  private void requireProcessing() {
    if (status != Status.PROCESSING) {
      throw new IllegalStateException("the challenge is not being validated");
    }
  }

  public UUID id() {
    return id;
  }

  public UUID authorizationId() {
    return authorizationId;
  }

  public String type() {
    return type;
  }

  public String token() {
    return token;
  }

  public Status status() {
    return status;
  }

  public Instant validatedAt() {
    return validatedAt;
  }

  public String error() {
    return error;
  }
}
