package dev.pca.domain.model.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The end of the chain: locked by each append, so events get one order and no gaps. */
@Entity
@Table(name = "audit_head")
public class AuditHead {
  @Id private int id;

  @Column(nullable = false)
  private long seq;

  @Column(nullable = false)
  private byte[] hash;

  protected AuditHead() {}

  /** Appends {@code entry} after the current end and moves the end to it. */
  public AuditEvent append(AuditEvent.Entry entry, Instant at) {
    AuditEvent event = new AuditEvent(seq + 1, at, entry, hash);
    seq = event.seq();
    hash = event.hash();
    return event;
  }

  public long seq() {
    return seq;
  }

  public byte[] hash() {
    return hash.clone();
  }

  /** The hash a chain starts from. */
  public static byte[] genesis() {
    return new byte[32];
  }
}
