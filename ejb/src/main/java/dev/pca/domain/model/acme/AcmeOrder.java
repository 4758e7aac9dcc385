package dev.pca.domain.model.acme;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An account's order for a certificate: pending until its authorizations are all valid, then ready
 * to finalize, then valid with its certificate; invalid when an authorization fails or the order
 * expires. Expiry is read from {@code expires}, not stored.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.1.3">RFC 8555 section 7.1.3</a>
 */
@Entity
@Table(name = "acme_order")
public class AcmeOrder {
  public enum Status {
    PENDING,
    READY,
    PROCESSING,
    VALID,
    INVALID
  }

  /** What the client asked for, as stored. */
  public record Asked(
      String identifiers, Instant notBefore, Instant notAfter, String replaces, Instant expires) {}

  @Id private UUID id;

  @Column(name = "account_id", nullable = false)
  private UUID accountId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(nullable = false)
  private Instant expires;

  /** The identifiers as a JSON array of {type, value}. */
  @Column(nullable = false)
  private String identifiers;

  @Column(name = "not_before")
  private Instant notBefore;

  @Column(name = "not_after")
  private Instant notAfter;

  private String error;

  @Column(name = "certificate_id")
  private UUID certificateId;

  private String replaces;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @ElementCollection
  @CollectionTable(name = "acme_order_authorization", joinColumns = @JoinColumn(name = "order_id"))
  @OrderColumn(name = "ordinal")
  @Column(name = "authorization_id", nullable = false)
  private List<UUID> authorizations = new ArrayList<>();

  @Version private int version;

  protected AcmeOrder() {}

  /** A new order, ready at once when every authorization it needs is valid already. */
  public AcmeOrder(
      UUID accountId, Asked asked, List<UUID> authorizations, boolean ready, Instant at) {
    this.id = UUID.randomUUID();
    this.accountId = Objects.requireNonNull(accountId);
    this.identifiers = Objects.requireNonNull(asked.identifiers());
    this.notBefore = asked.notBefore();
    this.notAfter = asked.notAfter();
    this.replaces = asked.replaces();
    this.expires = Objects.requireNonNull(asked.expires()).truncatedTo(ChronoUnit.MICROS);
    this.authorizations = new ArrayList<>(authorizations);
    this.status = ready ? Status.READY : Status.PENDING;
    this.createdAt = Objects.requireNonNull(at).truncatedTo(ChronoUnit.MICROS);
  }

  /** The status at {@code now}: a pending or ready order past its expiry is invalid. */
  public Status status(Instant now) {
    boolean open = status == Status.PENDING || status == Status.READY;
    return open && !expires.isAfter(now) ? Status.INVALID : status;
  }

  /** The certificate is issued: the order is done. */
  public void valid(UUID certificateId, Instant now) {
    if (status(now) != Status.READY) {
      throw new IllegalStateException("only a ready order is finalized");
    }
    this.certificateId = Objects.requireNonNull(certificateId);
    this.status = Status.VALID;
  }

  public UUID id() {
    return id;
  }

  public UUID accountId() {
    return accountId;
  }

  public Instant expires() {
    return expires;
  }

  public String identifiers() {
    return identifiers;
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant notAfter() {
    return notAfter;
  }

  public String error() {
    return error;
  }

  public UUID certificateId() {
    return certificateId;
  }

  public String replaces() {
    return replaces;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public List<UUID> authorizations() {
    return List.copyOf(authorizations);
  }
}
