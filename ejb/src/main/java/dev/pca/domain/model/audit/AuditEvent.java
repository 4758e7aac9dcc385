package dev.pca.domain.model.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One audit event. Once sealed, its hash covers the previous event's hash and every field of its
 * own, so that changing, removing or reordering stored events breaks the chain from there on.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {
  /** Given by the writer (from audit_event_seq), so that an event can be sealed before insert. */
  @Id private long seq;

  @Column(name = "chain_pos")
  private Long chainPos;

  @Column(nullable = false)
  private Instant at;

  @Column(nullable = false)
  private String actor;

  @Column(name = "source_address", nullable = false)
  private String sourceAddress;

  @Column(nullable = false)
  private String action;

  @Column(name = "object_type", nullable = false)
  private String objectType;

  @Column(name = "object_id", nullable = false)
  private String objectId;

  @Column(nullable = false)
  private String outcome;

  @Column(nullable = false)
  private String detail;

  private byte[] hash;

  protected AuditEvent() {}

  /** What happened, before it takes its place in the chain. */
  public record Entry(
      String actor,
      String sourceAddress,
      String action,
      String objectType,
      String objectId,
      String outcome,
      String detail) {}

  public AuditEvent(long seq, Instant at, Entry entry) {
    this.seq = seq;
    // The database keeps microseconds; hash what will be read back.
    this.at = at.truncatedTo(ChronoUnit.MICROS);
    this.actor = entry.actor();
    this.sourceAddress = entry.sourceAddress();
    this.action = entry.action();
    this.objectType = entry.objectType();
    this.objectId = entry.objectId();
    this.outcome = entry.outcome();
    this.detail = entry.detail();
  }

  /** Takes position {@code pos} in the chain, after the event whose hash is {@code previous}. */
  void seal(long pos, byte[] previousHash) {
    if (chainPos != null) {
      throw new IllegalStateException("event " + seq + " is sealed already");
    }
    chainPos = pos;
    hash = chain(previousHash);
  }

  /** SHA-256 over the previous hash and the length-prefixed fields of this event. */
  public byte[] chain(byte[] previousHash) {
    ByteArrayOutputStream canonical = new ByteArrayOutputStream();
    canonical.writeBytes(previousHash);
    canonical.writeBytes(ByteBuffer.allocate(16).putLong(seq).putLong(micros(at)).array());
    for (String field :
        new String[] {actor, sourceAddress, action, objectType, objectId, outcome, detail}) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      canonical.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      canonical.writeBytes(bytes);
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(canonical.toByteArray());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long micros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  public long seq() {
    return seq;
  }

  public Instant at() {
    return at;
  }

  public String actor() {
    return actor;
  }

  public String sourceAddress() {
    return sourceAddress;
  }

  public String action() {
    return action;
  }

  public String objectType() {
    return objectType;
  }

  public String objectId() {
    return objectId;
  }

  public String outcome() {
    return outcome;
  }

  public String detail() {
    return detail;
  }

  public byte[] hash() {
    return hash == null ? null : hash.clone();
  }

  /** The event's place in the chain; null until the sealer has linked it. */
  public Long chainPos() {
    return chainPos;
  }
}
