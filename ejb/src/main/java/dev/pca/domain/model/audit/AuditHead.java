package dev.pca.domain.model.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The end of the chain: locked by the sealer, so events get one order and no gaps. */
@Entity
@Table(name = "audit_head")
public class AuditHead {
  @Id private int id;

  @Column(nullable = false)
  private long pos;

  @Column(nullable = false)
  private byte[] hash;

  protected AuditHead() {}

  /** Links {@code event} after the current end of the chain and moves the end to it. */
  public void seal(AuditEvent event) {
    event.seal(pos + 1, hash);
    pos = pos + 1;
    hash = event.hash();
  }

  /** The chain position of the last sealed event. */
  public long pos() {
    return pos;
  }

  public byte[] hash() {
    return hash.clone();
  }

  /** The hash a chain starts from. */
  public static byte[] genesis() {
    return new byte[32];
  }
}
