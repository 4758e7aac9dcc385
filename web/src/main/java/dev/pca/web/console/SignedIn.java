package dev.pca.web.console;

import dev.pca.web.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import org.wildfly.security.http.oidc.IDToken;
import org.wildfly.security.http.oidc.OidcPrincipal;

/**
 * Who is signed in to the console: shown in the header and on the dashboard, and what the pages
 * offer them.
 */
@Named
@RequestScoped
public class SignedIn {
  @Inject private HttpServletRequest request;

  public String getUsername() {
    Principal principal = request.getUserPrincipal();
    return principal == null ? "" : principal.getName();
  }

  public String getFullName() {
    IDToken token = idToken(request);
    return token == null || token.getName() == null ? getUsername() : token.getName();
  }

  public List<String> getRoles() {
    return Roles.held(request::isUserInRole);
  }

  /** Whether to show what {@code task} needs; {@link AllowedCheck} decides whether it runs. */
  public boolean may(Task task) {
    return task.allowedFor(request::isUserInRole);
  }

  static IDToken idToken(HttpServletRequest request) {
    return request.getUserPrincipal() instanceof OidcPrincipal<?> oidc
        ? oidc.getOidcSecurityContext().getIDToken()
        : null;
  }
}
