package dev.pca.web.console;

import dev.pca.web.Roles;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the console lets a role do besides reading, in one table: the backing beans check it on
 * every action ({@link Allowed}), the pages render their buttons from it, and web.xml guards the
 * pages of each task with the same roles.
 */
public enum Task {
  MANAGE_REPOSITORIES(Roles.ADMIN),
  MANAGE_ISSUERS(Roles.ADMIN),
  /** Administrators set up templates with their CAs; operators tune them in daily work. */
  MANAGE_TEMPLATES(Roles.ADMIN, Roles.OPERATOR),
  ISSUE(Roles.OPERATOR),
  REVOKE(Roles.OPERATOR),
  /** Enrollment profiles for SCEP and EST devices, their secrets included. */
  MANAGE_ENROLLMENT(Roles.ADMIN),
  /** Decisions on device requests that wait for a person. */
  APPROVE_ENROLLMENT(Roles.OPERATOR),
  /** One-time challenge passwords for named devices. */
  MAKE_CHALLENGES(Roles.OPERATOR),
  /** ACME tokens (external account binding keys) of ACME profiles: made and revoked. */
  MANAGE_ACME_TOKENS(Roles.ADMIN, Roles.OPERATOR),
  READ_AUDIT(Roles.AUDITOR, Roles.ADMIN);

  private final List<String> roles;

  Task(String... roles) {
    this.roles = List.of(roles);
  }

  public List<String> roles() {
    return roles;
  }

  public boolean allowedFor(Predicate<String> inRole) {
    return roles.stream().anyMatch(inRole);
  }
}
