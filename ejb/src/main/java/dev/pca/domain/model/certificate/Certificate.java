package dev.pca.domain.model.certificate;

import dev.pca.domain.model.issuer.Issuer;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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
 * An issued certificate. Revocation is irreversible except certificateHold, which can be released
 * (RFC 5280 section 5.3.1); every step returns the history record to store with it.
 */
@Entity
@Table(name = "certificate")
public class Certificate {
  @Id private UUID id;

  @Column(name = "repository_id", nullable = false)
  private UUID repositoryId;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "issuer_id")
  private Issuer issuer;

  @Column(name = "template_id")
  private UUID templateId;

  @Column(nullable = false)
  private String serial;

  @Column(name = "subject_dn", nullable = false)
  private String subjectDn;

  @Column(nullable = false)
  private String sans;

  @Column(name = "not_before", nullable = false)
  private Instant notBefore;

  @Column(name = "not_after", nullable = false)
  private Instant notAfter;

  @Column(nullable = false)
  private byte[] der;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private CertificateStatus status;

  @Column(name = "revocation_reason")
  private Integer revocationReason;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "invalidity_date")
  private Instant invalidityDate;

  @Column(name = "requested_by", nullable = false)
  private String requestedBy;

  @Column(nullable = false)
  private String channel;

  @Column(name = "server_key", nullable = false)
  private boolean serverKey;

  @Column(name = "replaces_id")
  private UUID replacesId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Version private int version;

  protected Certificate() {}

  /** What an issued certificate is, as the issuance service learned it. */
  public record Facts(
      UUID templateId,
      String serialHex,
      String subjectDn,
      String sans,
      Instant notBefore,
      Instant notAfter,
      byte[] der,
      String requestedBy,
      String channel,
      boolean serverKey,
      UUID replacesId) {}

  public Certificate(Issuer issuer, Facts facts, Instant createdAt) {
    this.id = UUID.randomUUID();
    this.issuer = Objects.requireNonNull(issuer);
    this.repositoryId = issuer.repository().id();
    this.templateId = facts.templateId();
    this.serial = facts.serialHex();
    this.subjectDn = facts.subjectDn();
    this.sans = facts.sans();
    this.notBefore = facts.notBefore();
    this.notAfter = facts.notAfter();
    this.der = facts.der().clone();
    this.requestedBy = facts.requestedBy();
    this.channel = facts.channel();
    this.serverKey = facts.serverKey();
    this.replacesId = facts.replacesId();
    this.status = CertificateStatus.VALID;
    this.createdAt = createdAt;
  }

  /**
   * Revokes, or puts on hold for certificateHold. A revoked certificate stays revoked; one on hold
   * may be revoked for good with another reason.
   */
  public Revocation revoke(RevocationReason reason, Instant at, Instant invalidity, String actor) {
    if (status == CertificateStatus.REVOKED) {
      throw new IllegalStateException("the certificate is already revoked");
    }
    if (status == CertificateStatus.ON_HOLD && reason == RevocationReason.CERTIFICATE_HOLD) {
      throw new IllegalStateException("the certificate is already on hold");
    }
    boolean hold = reason == RevocationReason.CERTIFICATE_HOLD;
    if (status == CertificateStatus.VALID) {
      revokedAt = at;
    }
    status = hold ? CertificateStatus.ON_HOLD : CertificateStatus.REVOKED;
    revocationReason = reason.code();
    invalidityDate = invalidity;
    return new Revocation(
        id, hold ? Revocation.Action.HOLD : Revocation.Action.REVOKE, reason, at, actor);
  }

  /** Releases a hold: the certificate is valid again. */
  public Revocation release(Instant at, String actor) {
    if (status != CertificateStatus.ON_HOLD) {
      throw new IllegalStateException("only a certificate on hold can be released");
    }
    status = CertificateStatus.VALID;
    revocationReason = null;
    revokedAt = null;
    invalidityDate = null;
    return new Revocation(id, Revocation.Action.RELEASE, null, at, actor);
  }

  public UUID id() {
    return id;
  }

  public UUID repositoryId() {
    return repositoryId;
  }

  public Issuer issuer() {
    return issuer;
  }

  public UUID templateId() {
    return templateId;
  }

  public String serial() {
    return serial;
  }

  public String subjectDn() {
    return subjectDn;
  }

  public String sans() {
    return sans;
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant notAfter() {
    return notAfter;
  }

  public byte[] der() {
    return der.clone();
  }

  public CertificateStatus status() {
    return status;
  }

  public RevocationReason revocationReason() {
    return revocationReason == null ? null : RevocationReason.of(revocationReason);
  }

  public Instant revokedAt() {
    return revokedAt;
  }

  public Instant invalidityDate() {
    return invalidityDate;
  }

  public String requestedBy() {
    return requestedBy;
  }

  public String channel() {
    return channel;
  }

  public boolean serverKey() {
    return serverKey;
  }

  public UUID replacesId() {
    return replacesId;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
