package dev.pca.domain.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Immutable copies for record components; null collections become empty ones. */
final class Copies {
  private Copies() {}

  static <T> List<T> list(List<T> in) {
    return in == null ? List.of() : List.copyOf(in);
  }

  /** Keeps insertion order, unlike Set.copyOf, so messages and stored JSON stay stable. */
  static <T> Set<T> set(Set<T> in) {
    if (in == null) {
      return Set.of();
    }
    Set<T> copy = new LinkedHashSet<>();
    for (T t : in) {
      copy.add(Objects.requireNonNull(t, "set element"));
    }
    return Collections.unmodifiableSet(copy);
  }

  static <E extends Enum<E>> Set<E> enumSet(Set<E> in, Class<E> type) {
    EnumSet<E> copy = EnumSet.noneOf(type);
    if (in != null) {
      for (E e : in) {
        copy.add(Objects.requireNonNull(e, "set element"));
      }
    }
    return Collections.unmodifiableSet(copy);
  }
}
