package dev.pca.web.console;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.wildfly.security.http.oidc.OidcPrincipal;

/**
 * Single logout: ends the console session, then sends the browser to Keycloak's end-session
 * endpoint (OpenID Connect RP-Initiated Logout 1.0) so that the SSO session ends too.
 */
@WebServlet("/console/logout")
public class SignOut extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String back = request.getRequestURL().toString().replaceFirst("/console/logout$", "/console/");
    String target = back;
    if (request.getUserPrincipal() instanceof OidcPrincipal<?> oidc) {
      var context = oidc.getOidcSecurityContext();
      target =
          context.getToken().getIssuer()
              + "/protocol/openid-connect/logout?id_token_hint="
              + encode(context.getIDTokenString())
              + "&post_logout_redirect_uri="
              + encode(back);
    }
    request.logout();
    var session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    response.sendRedirect(target);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
