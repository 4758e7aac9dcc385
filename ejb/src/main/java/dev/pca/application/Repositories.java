package dev.pca.application;

import jakarta.ejb.Local;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Repositories: created, renamed and configured by administrators, deleted only when empty. */
@Local
public interface Repositories {
  /** A repository's name and settings, as a caller gives them. */
  record Draft(
      @NotNull
          @Pattern(
              regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}",
              message = "1 to 100 of letters, digits, space, dot, dash, underscore")
          String name,
      boolean crlEnabled,
      @Min(60) @Max(366L * 86400) long crlPeriodSeconds,
      boolean ocspEnabled,
      @Min(60) @Max(31L * 86400) long ocspValiditySeconds) {}

  /** A repository as shown to callers. */
  record View(
      UUID id,
      String name,
      boolean crlEnabled,
      long crlPeriodSeconds,
      boolean ocspEnabled,
      long ocspValiditySeconds,
      Instant createdAt) {}

  View create(Actor actor, @Valid @NotNull Draft draft) throws CaException;

  View change(Actor actor, @NotNull UUID id, @Valid @NotNull Draft draft) throws CaException;

  void delete(Actor actor, @NotNull UUID id) throws CaException;

  View get(Actor actor, @NotNull UUID id) throws CaException;

  /** The repositories the actor may act in. */
  List<View> list(Actor actor);
}
