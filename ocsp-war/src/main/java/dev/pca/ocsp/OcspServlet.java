package dev.pca.ocsp;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;

/**
 * OCSP over HTTP, POST and GET (RFC 6960 appendix A, RFC 5019 section 5). The one place where
 * failures become OCSP statuses: malformedRequest for what cannot be read, internalError for our
 * own faults, never a stack trace and never an HTTP error for a protocol fault.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#appendix-A">RFC 6960 appendix A</a>
 */
@WebServlet("/ocsp/*")
public class OcspServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(OcspServlet.class.getName());
  private static final String RESPONSE_TYPE = "application/ocsp-response";

  @Resource(lookup = "java:jboss/datasources/PcaDS")
  private DataSource database;

  private final Responder responder = new Responder();

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    answer(response, () -> OcspCodec.readPost(request.getInputStream()));
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String prefix = request.getContextPath() + request.getServletPath() + "/";
    String uri = request.getRequestURI();
    String encoded = uri.startsWith(prefix) ? uri.substring(prefix.length()) : "";
    answer(response, () -> OcspCodec.readGet(encoded));
  }

  private interface Reader {
    OCSPReq read() throws IOException, OcspCodec.Malformed;
  }

  private void answer(HttpServletResponse response, Reader reader) throws IOException {
    byte[] answer;
    try {
      answer = responder.answer(reader.read(), issuers());
    } catch (OcspCodec.Malformed e) {
      LOG.fine(() -> "malformed OCSP request: " + e.getMessage());
      answer = OcspCodec.error(OCSPRespBuilder.MALFORMED_REQUEST);
    } catch (Exception e) {
      String correlation = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "OCSP request failed, correlation id " + correlation, e);
      answer = OcspCodec.error(OCSPRespBuilder.INTERNAL_ERROR);
    }
    response.setStatus(200);
    response.setContentType(RESPONSE_TYPE);
    response.setContentLength(answer.length);
    response.getOutputStream().write(answer);
  }

  private List<X509CertificateHolder> issuers() throws SQLException, IOException {
    List<X509CertificateHolder> issuers = new ArrayList<>();
    try (Connection connection = database.getConnection();
        PreparedStatement query =
            connection.prepareStatement("select certificate from issuer where enabled");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        issuers.add(new X509CertificateHolder(rows.getBytes(1)));
      }
    }
    return issuers;
  }
}
