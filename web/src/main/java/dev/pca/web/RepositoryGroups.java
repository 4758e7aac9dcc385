package dev.pca.web;

import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Operators limited to some repositories through Keycloak groups. The token's {@code groups} claim
 * lists the caller's groups by full path; a member of {@code /pca-repositories/<name>}, or of a
 * subgroup of it, acts only in the repositories so named. An operator in no such group is not
 * limited, and neither is an administrator. Auditors only read and are not limited, unless they
 * also hold the operator role: then the operator's limit holds for everything they do.
 */
public final class RepositoryGroups {
  /** The token claim with the caller's group paths. */
  public static final String CLAIM = "groups";

  /** The path of the Keycloak group whose subgroups are named after repositories. */
  public static final String PARENT = "/pca-repositories";

  private RepositoryGroups() {}

  /** The names of the repositories the caller is limited to; empty when it is not limited. */
  public static Set<String> limit(Collection<String> groups, Predicate<String> inRole) {
    if (groups == null || !inRole.test(Roles.OPERATOR) || inRole.test(Roles.ADMIN)) {
      return Set.of();
    }
    return groups.stream()
        .filter(path -> path != null && path.startsWith(PARENT + "/"))
        .map(path -> path.substring(PARENT.length() + 1).split("/", 2)[0])
        .filter(name -> !name.isBlank())
        .collect(Collectors.toUnmodifiableSet());
  }
}
