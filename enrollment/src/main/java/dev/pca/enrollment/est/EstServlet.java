package dev.pca.enrollment.est;

import dev.pca.application.IssuerDirectory;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/**
 * EST transport: parses the path, asks the core, encodes. Errors are an HTTP status with a short
 * text body, as RFC 7030 section 4.2.3 has it; internals never reach the client.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030">RFC 7030</a>
 */
@WebServlet("/.well-known/est/*")
public class EstServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(EstServlet.class.getName());

  @EJB private IssuerDirectory issuers;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve("GET", request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve("POST", request, response);
  }

  private void serve(String method, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      Optional<EstPath> path = EstPath.parse(request.getPathInfo());
      if (!request.isSecure()) {
        text(response, 403, "EST is served over TLS only: use https.");
      } else if (path.isEmpty()) {
        text(response, 404, "No such EST operation.");
      } else if (!method.equals(path.get().method())) {
        response.setHeader("Allow", path.get().method());
        text(response, 405, "Use " + path.get().method() + " for " + path.get().operation() + ".");
      } else if (path.get().operation().equals("cacerts")) {
        caCerts(path.get().label(), response);
      } else {
        text(response, 501, "The EST operation " + path.get().operation() + " is not offered yet.");
      }
    } catch (Exception e) {
      String correlation = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "EST request failed, correlation id " + correlation, e);
      text(
          response,
          500,
          "The EST request could not be served (correlation id " + correlation + ").");
    }
  }

  /** RFC 7030 4.1.3: a certs-only CMS, base64, of the CA certificates of the label. */
  private void caCerts(String label, HttpServletResponse response) throws Exception {
    List<X509Certificate> certificates = issuers.caCertificates(label);
    if (certificates.isEmpty()) {
      text(response, 404, "No CA certificates are published for the EST label '" + label + "'.");
      return;
    }
    CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
    generator.addCertificates(new JcaCertStore(certificates));
    byte[] der = generator.generate(new org.bouncycastle.cms.CMSAbsentContent()).getEncoded();
    response.setStatus(200);
    response.setContentType("application/pkcs7-mime; smime-type=certs-only");
    response.setHeader("Content-Transfer-Encoding", "base64");
    response.getOutputStream().write(Base64.getMimeEncoder().encode(der));
  }

  private static void text(HttpServletResponse response, int status, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().println(message);
  }
}
