package dev.pca.application;

import jakarta.ejb.Local;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What matters at a glance: counts, expiries ahead, issuance behind, revocation status health. */
@Local
public interface Dashboard {
  /** Weeks shown ahead (expiries) and behind (issuance): 13 weeks, about 90 days. */
  int WEEKS = 13;

  /** How many there are; expiring means valid and ending within the next 30 days. */
  record Counts(
      long repositories,
      long issuers,
      long templates,
      long valid,
      long onHold,
      long revoked,
      long expired,
      long expiring) {}

  /** Certificates per week: expiries count forward from now, issuance backward. */
  record Week(Instant start, long count) {}

  /**
   * An issuer's revocation status service: whether its repository publishes CRLs and answers OCSP,
   * and what is published. The CRL and responder fields are null when there is none yet.
   */
  record Health(
      UUID issuerId,
      String label,
      String repository,
      boolean enabled,
      boolean crlEnabled,
      Instant crlThisUpdate,
      Instant crlNextUpdate,
      boolean ocspEnabled,
      Instant responderNotAfter) {}

  record Summary(
      Instant at, Counts counts, List<Week> expiries, List<Week> issuance, List<Health> health) {}

  /**
   * The summary of one repository, or of all the actor may act in when {@code repositoryId} is
   * null.
   */
  Summary summary(Actor actor, UUID repositoryId) throws CaException;
}
