package dev.pca.web.console;

import dev.pca.application.CaException;
import dev.pca.application.Certificates;
import dev.pca.application.Issuers;
import dev.pca.web.Callers;
import dev.pca.web.CertificateFormat;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads of certificates and CA certificates for everyone signed in to the console: {@code
 * /console/download/{certificate|issuer}/{id}/{pem|der|chain|pkcs7}}, encoded by {@link
 * CertificateFormat} exactly as the REST API encodes them. Reading changes nothing, so a plain link
 * does.
 */
@WebServlet("/console/download/*")
public class Download extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(Download.class.getName());
  private static final Pattern PATH =
      Pattern.compile("/(certificate|issuer)/([0-9a-fA-F-]{36})/(pem|der|chain|pkcs7)");

  @EJB private Certificates certificates;
  @EJB private Issuers issuers;
  @Inject private Callers callers;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Matcher path = PATH.matcher(String.valueOf(request.getPathInfo()));
    UUID id = path.matches() ? uuid(path.group(2)) : null;
    if (id == null) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    boolean certificate = path.group(1).equals("certificate");
    CertificateFormat format = CertificateFormat.valueOf(path.group(3).toUpperCase(Locale.ROOT));
    List<byte[]> chain;
    String name;
    try {
      if (certificate) {
        chain = certificates.chain(callers.current(), id);
        name = certificates.get(callers.current(), id).serial();
      } else {
        chain = issuers.chain(callers.current(), id);
        name = issuers.get(callers.current(), id).label();
      }
    } catch (CaException e) {
      response.sendError(
          e.reason() == CaException.Reason.FORBIDDEN
              ? HttpServletResponse.SC_FORBIDDEN
              : HttpServletResponse.SC_NOT_FOUND);
      return;
    } catch (RuntimeException e) {
      String correlation = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "console download failed, correlation id " + correlation, e);
      response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, correlation);
      return;
    }
    byte[] body = format.encode(chain);
    response.setContentType(format.mediaType());
    response.setContentLength(body.length);
    // The name is a hex serial or an issuer label ([a-z0-9-]): nothing to quote or escape.
    response.setHeader(
        "Content-Disposition", "attachment; filename=\"" + name + format.extension() + "\"");
    response.getOutputStream().write(body);
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
