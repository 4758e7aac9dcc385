package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.CaException;
import dev.pca.domain.model.repository.Repository;

/**
 * Keeps an actor to the repositories it may act in. An operator placed in repository groups reads
 * and changes only what belongs to those repositories; lists and searches leave out the rest.
 */
final class Scope {
  /**
   * A subquery for the ids of the repositories a limited actor may act in, for a condition like
   * {@code c.repositoryId in (...)}; its parameter {@code :scope} takes {@link
   * Actor#repositories()}. The same text serves JPQL and SQL.
   */
  static final String REPOSITORY_IDS =
      "select s.id from Repository s where lower(s.name) in (:scope)";

  private Scope() {}

  /** Refuses unless the actor may act in the repository. */
  static void require(Actor actor, Repository repository) throws CaException {
    if (!actor.mayActIn(repository.name())) {
      throw new CaException(
          CaException.Reason.FORBIDDEN,
          "the repository " + repository.name() + " is outside the caller's repository groups");
    }
  }
}
