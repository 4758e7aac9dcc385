package dev.pca.domain.model.issuer;

import dev.pca.crypto.KeyAlias;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A delegated OCSP responder certificate of an issuer (RFC 6960 section 4.2.2.2), whose key is on
 * the token. The record stays after the certificate expires and its key is destroyed, as the
 * account of what signed earlier answers.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#section-4.2.2.2">RFC 6960 4.2.2.2</a>
 */
@Entity
@Table(name = "ocsp_responder")
public class ResponderCertificate {
  @Id private UUID id;

  @Column(name = "issuer_id", nullable = false)
  private UUID issuerId;

  @Column(name = "key_alias", nullable = false)
  private String keyAlias;

  @Column(nullable = false)
  private byte[] certificate;

  @Column(name = "not_before", nullable = false)
  private Instant notBefore;

  @Column(name = "not_after", nullable = false)
  private Instant notAfter;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ResponderCertificate() {}

  public ResponderCertificate(
      UUID issuerId,
      KeyAlias keyAlias,
      byte[] certificate,
      Instant notBefore,
      Instant notAfter,
      Instant createdAt) {
    if (!notBefore.isBefore(notAfter)) {
      throw new IllegalArgumentException("a responder certificate ends after it begins");
    }
    this.id = UUID.randomUUID();
    this.issuerId = Objects.requireNonNull(issuerId, "issuerId");
    this.keyAlias = keyAlias.value();
    this.certificate = certificate.clone();
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
  }

  public UUID id() {
    return id;
  }

  public UUID issuerId() {
    return issuerId;
  }

  public KeyAlias keyAlias() {
    return new KeyAlias(keyAlias);
  }

  public byte[] certificate() {
    return certificate.clone();
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant notAfter() {
    return notAfter;
  }
}
