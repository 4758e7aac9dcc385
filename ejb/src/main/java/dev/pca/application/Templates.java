package dev.pca.application;

import dev.pca.domain.policy.TemplateSpec;
import jakarta.ejb.Local;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Templates of a repository: limits and common settings, managed by operators. */
@Local
public interface Templates {
  /** A template's name and content, as a caller gives them. */
  record Draft(
      @NotNull
          @Pattern(
              regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}",
              message = "1 to 100 of letters, digits, space, dot, dash, underscore")
          String name,
      @NotNull TemplateSpec spec) {}

  /** A template as shown to callers. */
  record View(UUID id, UUID repositoryId, String name, TemplateSpec spec, Instant updatedAt) {}

  View create(Actor actor, @NotNull UUID repositoryId, @NotNull Draft draft) throws CaException;

  View change(Actor actor, @NotNull UUID id, @NotNull Draft draft) throws CaException;

  void delete(Actor actor, @NotNull UUID id) throws CaException;

  View get(Actor actor, @NotNull UUID id) throws CaException;

  List<View> list(Actor actor, @NotNull UUID repositoryId) throws CaException;
}
