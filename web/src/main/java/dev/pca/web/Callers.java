package dev.pca.web;

import dev.pca.application.Actor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import org.wildfly.security.http.oidc.AccessToken;
import org.wildfly.security.http.oidc.OidcPrincipal;

/**
 * Who calls, as the audit log records it: the principal (from a bearer token or the console's
 * sign-in), the peer address, and the repositories the caller's Keycloak groups limit it to (see
 * {@link RepositoryGroups}). REST and console share it so both record and limit callers alike.
 */
@RequestScoped
public class Callers {
  @Inject private HttpServletRequest request;
  private Actor actor;

  public Actor current() {
    if (actor == null) {
      Principal principal = request.getUserPrincipal();
      actor =
          new Actor(
              principal == null ? "anonymous" : principal.getName(),
              request.getRemoteAddr(),
              RepositoryGroups.limit(groups(principal), request::isUserInRole));
    }
    return actor;
  }

  /**
   * The group paths of the caller's access token, the bearer token or the console session's own. A
   * claim that is not a list of strings fails the request rather than lift a limit.
   */
  private static List<String> groups(Principal principal) {
    if (principal instanceof OidcPrincipal<?> oidc) {
      AccessToken token = oidc.getOidcSecurityContext().getToken();
      List<String> groups =
          token == null ? null : token.getStringListClaimValue(RepositoryGroups.CLAIM);
      return groups == null ? List.of() : groups;
    }
    return List.of();
  }
}
