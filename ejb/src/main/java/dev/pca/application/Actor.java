package dev.pca.application;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who asks, and from where: carried into every audit event. {@code repositories} names the
 * repositories the actor is limited to (an operator placed in repository groups); empty means the
 * actor is not limited by repository. Names compare without regard to case, as repository names are
 * unique that way.
 */
public record Actor(String name, String address, Set<String> repositories) {
  public Actor {
    Objects.requireNonNull(name, "name");
    address = address == null ? "unknown" : address;
    repositories =
        repositories == null
            ? Set.of()
            : repositories.stream().map(Actor::folded).collect(Collectors.toUnmodifiableSet());
  }

  /** An actor limited to no repository in particular. */
  public Actor(String name, String address) {
    this(name, address, Set.of());
  }

  /** The server itself, for work nobody asked for (schedules, start-up). */
  public static final Actor SYSTEM = new Actor("system", "local");

  /** Whether the actor is limited to some repositories. */
  public boolean limited() {
    return !repositories.isEmpty();
  }

  /** Whether the actor may read and act in the repository of this name. */
  public boolean mayActIn(String repository) {
    return !limited() || repositories.contains(folded(repository));
  }

  private static String folded(String repository) {
    return repository.toLowerCase(Locale.ROOT);
  }
}
