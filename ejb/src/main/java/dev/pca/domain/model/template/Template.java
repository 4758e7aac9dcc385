package dev.pca.domain.model.template;

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

/** A named template of a repository; its limits and settings are kept as one JSON document. */
@Entity
@Cacheable
@Table(name = "template")
public class Template {
  @Id private UUID id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "repository_id")
  private Repository repository;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String body;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private int version;

  protected Template() {}

  public Template(Repository repository, String name, String body, Instant at) {
    this.id = UUID.randomUUID();
    this.repository = Objects.requireNonNull(repository);
    this.createdAt = at;
    change(name, body, at);
  }

  public final void change(String newName, String newBody, Instant at) {
    this.name = Objects.requireNonNull(newName);
    this.body = Objects.requireNonNull(newBody);
    this.updatedAt = at;
  }

  public UUID id() {
    return id;
  }

  public Repository repository() {
    return repository;
  }

  public String name() {
    return name;
  }

  public String body() {
    return body;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
