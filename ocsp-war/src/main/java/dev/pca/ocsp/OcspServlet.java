package dev.pca.ocsp;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;

/**
 * OCSP over HTTP, POST and GET (RFC 6960 appendix A, RFC 5019 section 5). The one place where
 * failures become OCSP statuses: malformedRequest for what cannot be read, internalError for our
 * own faults, never a stack trace and never an HTTP error for a protocol fault. Signed answers to a
 * GET carry the caching headers of RFC 5019 section 6.2; answers to a POST and errors do not.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#appendix-A">RFC 6960 appendix A</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5019#section-6.2">RFC 5019 section 6.2</a>
 */
@WebServlet("/ocsp/*")
public class OcspServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(OcspServlet.class.getName());

  private transient Responder responder;

  @Override
  public void init() {
    responder = OcspNode.responder(getServletContext());
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    write(response, answer(() -> OcspCodec.readPost(request.getInputStream())), false);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String prefix = request.getContextPath() + request.getServletPath() + "/";
    String uri = request.getRequestURI();
    String encoded = uri.startsWith(prefix) ? uri.substring(prefix.length()) : "";
    write(response, answer(() -> OcspCodec.readGet(encoded)), true);
  }

  interface Reader {
    OCSPReq read() throws IOException, OcspCodec.Malformed;
  }

  /** The answer to what {@code reader} reads, every failure mapped to an OCSP status. */
  Answer answer(Reader reader) {
    try {
      return responder.answer(reader.read());
    } catch (OcspCodec.Malformed e) {
      LOG.fine(() -> "malformed OCSP request: " + e.getMessage());
      return Answer.error(OCSPRespBuilder.MALFORMED_REQUEST);
    } catch (Exception e) {
      String correlation = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "OCSP request failed, correlation id " + correlation, e);
      return Answer.error(OCSPRespBuilder.INTERNAL_ERROR);
    }
  }

  private static void write(HttpServletResponse response, Answer answer, boolean get)
      throws IOException {
    response.setStatus(200);
    response.setContentType(Answer.MEDIA_TYPE);
    response.setContentLength(answer.der().length);
    if (get) {
      answer.cachingHeaders(System.currentTimeMillis() / 1000, response::setHeader);
    }
    response.getOutputStream().write(answer.der());
  }
}
