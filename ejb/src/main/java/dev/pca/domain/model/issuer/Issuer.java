package dev.pca.domain.model.issuer;

import dev.pca.crypto.KeyAlias;
import dev.pca.domain.model.repository.Repository;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A certificate authority of a repository: a root (self-signed, signs only CA certificates) or an
 * intermediate (signed by a root of the same repository, signs leaves). Its key is on the token.
 */
@Entity
@Cacheable
@Table(name = "issuer")
public class Issuer {
  @Id private UUID id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "repository_id")
  private Repository repository;

  @Column(nullable = false, unique = true)
  private String label;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "parent_id")
  private Issuer parent;

  @Column(name = "key_alias", nullable = false)
  private String keyAlias;

  @Column(nullable = false)
  private byte[] certificate;

  @Column(name = "subject_dn", nullable = false)
  private String subjectDn;

  @Column(nullable = false)
  private byte[] ski;

  @Column(name = "path_length")
  private Integer pathLength;

  @Column(name = "not_before", nullable = false)
  private Instant notBefore;

  @Column(name = "not_after", nullable = false)
  private Instant notAfter;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "quota_remaining")
  private Long quotaRemaining;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Version private int version;

  protected Issuer() {}

  /** What a new issuer is: everything but its id and state. */
  public record Facts(
      String label,
      KeyAlias keyAlias,
      byte[] certificate,
      String subjectDn,
      byte[] ski,
      Integer pathLength,
      Instant notBefore,
      Instant notAfter,
      Long quota) {}

  public Issuer(UUID id, Repository repository, Issuer parent, Facts facts, Instant createdAt) {
    this.id = Objects.requireNonNull(id);
    this.repository = Objects.requireNonNull(repository);
    if (parent != null && !parent.repository.id().equals(repository.id())) {
      throw new IllegalArgumentException("an intermediate's root must be in the same repository");
    }
    this.parent = parent;
    this.label = facts.label();
    this.keyAlias = facts.keyAlias().value();
    this.certificate = facts.certificate().clone();
    this.subjectDn = facts.subjectDn();
    this.ski = facts.ski().clone();
    this.pathLength = facts.pathLength();
    this.notBefore = facts.notBefore();
    this.notAfter = facts.notAfter();
    this.enabled = true;
    setQuota(facts.quota());
    this.createdAt = Objects.requireNonNull(createdAt);
  }

  public boolean isRoot() {
    return parent == null;
  }

  public void disable() {
    enabled = false;
  }

  public void enable() {
    enabled = true;
  }

  /** Sets how many more certificates this issuer may sign; null for no limit. */
  public final void setQuota(Long remaining) {
    if (remaining != null && remaining < 0) {
      throw new IllegalArgumentException("a quota cannot be negative");
    }
    quotaRemaining = remaining;
  }

  /** Takes one from the quota; false when it is spent (and nothing is taken). */
  public boolean takeFromQuota() {
    if (quotaRemaining == null) {
      return true;
    }
    if (quotaRemaining == 0) {
      return false;
    }
    quotaRemaining--;
    return true;
  }

  public UUID id() {
    return id;
  }

  public Repository repository() {
    return repository;
  }

  public Issuer parent() {
    return parent;
  }

  public String label() {
    return label;
  }

  public KeyAlias keyAlias() {
    return new KeyAlias(keyAlias);
  }

  public byte[] certificate() {
    return certificate.clone();
  }

  public String subjectDn() {
    return subjectDn;
  }

  public byte[] ski() {
    return ski.clone();
  }

  public Integer pathLength() {
    return pathLength;
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant notAfter() {
    return notAfter;
  }

  public boolean enabled() {
    return enabled;
  }

  public Long quotaRemaining() {
    return quotaRemaining;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
