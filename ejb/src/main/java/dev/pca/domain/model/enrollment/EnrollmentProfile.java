package dev.pca.domain.model.enrollment;

import dev.pca.crypto.KeyAlias;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How devices of a repository enrol: the protocol, the issuer and template they get certificates
 * from, how they prove they may, and whether a person approves each request. A SCEP profile has an
 * RA key on the token and a certificate for it from the issuer.
 */
@Entity
@Cacheable
@Table(name = "enrollment_profile")
public class EnrollmentProfile {
  /** What an administrator sets, without the secret and the RA. */
  public record Settings(
      String name,
      String protocol,
      UUID issuerId,
      UUID templateId,
      String authentication,
      String username,
      boolean manualApproval,
      boolean allowDes) {}

  @Id private UUID id;

  @Column(name = "repository_id", nullable = false)
  private UUID repositoryId;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String protocol;

  @Column(name = "issuer_id", nullable = false)
  private UUID issuerId;

  @Column(name = "template_id", nullable = false)
  private UUID templateId;

  @Column(nullable = false)
  private String authentication;

  private String username;

  @Column(name = "secret_sha256")
  private byte[] secretSha256;

  @Column(name = "manual_approval", nullable = false)
  private boolean manualApproval;

  @Column(name = "allow_des", nullable = false)
  private boolean allowDes;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "ra_key_alias")
  private String raKeyAlias;

  @Column(name = "ra_certificate")
  private byte[] raCertificate;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private int version;

  protected EnrollmentProfile() {}

  public EnrollmentProfile(UUID repositoryId, Settings settings, Instant at) {
    this.id = UUID.randomUUID();
    this.repositoryId = Objects.requireNonNull(repositoryId);
    this.enabled = true;
    this.createdAt = at;
    change(settings, at);
  }

  public final void change(Settings settings, Instant at) {
    this.name = Objects.requireNonNull(settings.name());
    this.protocol = Objects.requireNonNull(settings.protocol());
    this.issuerId = Objects.requireNonNull(settings.issuerId());
    this.templateId = Objects.requireNonNull(settings.templateId());
    this.authentication = Objects.requireNonNull(settings.authentication());
    this.username = settings.username();
    this.manualApproval = settings.manualApproval();
    this.allowDes = settings.allowDes();
    this.updatedAt = at;
  }

  /** Keeps only the SHA-256 of a secret the server made; null when the profile has none. */
  public void secret(byte[] sha256, Instant at) {
    this.secretSha256 = sha256 == null ? null : sha256.clone();
    this.updatedAt = at;
  }

  /** Whether {@code sha256} is the profile's secret, compared in constant time. */
  public boolean secretMatches(byte[] sha256) {
    return secretSha256 != null && sha256 != null && MessageDigest.isEqual(secretSha256, sha256);
  }

  public void ra(KeyAlias alias, byte[] certificate) {
    this.raKeyAlias = alias.value();
    this.raCertificate = certificate.clone();
  }

  public void enable(boolean on, Instant at) {
    this.enabled = on;
    this.updatedAt = at;
  }

  public UUID id() {
    return id;
  }

  public UUID repositoryId() {
    return repositoryId;
  }

  public Settings settings() {
    return new Settings(
        name, protocol, issuerId, templateId, authentication, username, manualApproval, allowDes);
  }

  public String name() {
    return name;
  }

  public UUID issuerId() {
    return issuerId;
  }

  public UUID templateId() {
    return templateId;
  }

  public boolean enabled() {
    return enabled;
  }

  public KeyAlias raKeyAlias() {
    return raKeyAlias == null ? null : new KeyAlias(raKeyAlias);
  }

  public byte[] raCertificate() {
    return raCertificate == null ? null : raCertificate.clone();
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
