package dev.pca.domain.model.issuer;

import dev.pca.crypto.KeyAlias;
import dev.pca.crypto.KeySpec;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;

/** The record of a key generated on the token: its private half is only ever there. */
@Entity
@Cacheable
@Table(name = "ca_key")
public class CaKey {
  @Id private String alias;

  @Enumerated(EnumType.STRING)
  @Column(name = "key_spec", nullable = false)
  private KeySpec keySpec;

  @Column(name = "public_key", nullable = false)
  private byte[] publicKey;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  protected CaKey() {}

  public CaKey(
      KeyAlias alias, KeySpec keySpec, PublicKey publicKey, Instant createdAt, String createdBy) {
    this.alias = alias.value();
    this.keySpec = Objects.requireNonNull(keySpec);
    this.publicKey = publicKey.getEncoded();
    this.createdAt = Objects.requireNonNull(createdAt);
    this.createdBy = Objects.requireNonNull(createdBy);
  }

  public KeyAlias alias() {
    return new KeyAlias(alias);
  }

  public KeySpec keySpec() {
    return keySpec;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }
}
