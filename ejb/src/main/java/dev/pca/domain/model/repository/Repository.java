package dev.pca.domain.model.repository;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A repository: its name and its CRL and OCSP settings. */
@Entity
@Cacheable
@Table(name = "repository")
public class Repository {
  @Id private UUID id;

  @Column(nullable = false, unique = true)
  private String name;

  @Column(name = "crl_enabled", nullable = false)
  private boolean crlEnabled;

  @Column(name = "crl_period_seconds", nullable = false)
  private int crlPeriodSeconds;

  @Column(name = "ocsp_enabled", nullable = false)
  private boolean ocspEnabled;

  @Column(name = "ocsp_validity_seconds", nullable = false)
  private int ocspValiditySeconds;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Version private int version;

  protected Repository() {}

  public Repository(String name, RevocationSettings settings, Instant createdAt) {
    this.id = UUID.randomUUID();
    this.createdAt = Objects.requireNonNull(createdAt);
    rename(name);
    configure(settings);
  }

  public final void rename(String newName) {
    this.name = Objects.requireNonNull(newName, "name");
  }

  public final void configure(RevocationSettings settings) {
    crlEnabled = settings.crlEnabled();
    crlPeriodSeconds = (int) settings.crlPeriod().toSeconds();
    ocspEnabled = settings.ocspEnabled();
    ocspValiditySeconds = (int) settings.ocspValidity().toSeconds();
  }

  public UUID id() {
    return id;
  }

  public String name() {
    return name;
  }

  public RevocationSettings settings() {
    return new RevocationSettings(
        crlEnabled,
        Duration.ofSeconds(crlPeriodSeconds),
        ocspEnabled,
        Duration.ofSeconds(ocspValiditySeconds));
  }

  public Instant createdAt() {
    return createdAt;
  }
}
