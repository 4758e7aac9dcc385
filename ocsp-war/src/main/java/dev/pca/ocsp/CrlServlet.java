package dev.pca.ocsp;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Serves each issuer's newest CRLs as the CA core stored them: {@code /crl/{label}.crl} (DER,
 * application/pkix-crl) and {@code .pem}, and the delta CRLs under {@code /crl/delta/}. The DER is
 * streamed chunk by chunk from the database, so a CRL of any size is served in bounded memory;
 * small CRLs are kept in memory by id, which never changes what it names.
 *
 * <p>HTTP caching follows the CRL: Last-Modified is thisUpdate, Expires is nextUpdate, and caches
 * may keep it until then (RFC 5280 section 4.2.1.13 and RFC 9111).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-5">RFC 5280 section 5</a>
 */
@WebServlet("/crl/*")
public class CrlServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(CrlServlet.class.getName());
  private static final Pattern PATH =
      Pattern.compile("/(delta/)?([a-z0-9][a-z0-9-]{0,63})\\.(crl|pem)");
  static final String PEM_TYPE = "application/x-pem-file";
  private static final String DER_TYPE = "application/pkix-crl";
  private static final byte[] PEM_BEGIN =
      "-----BEGIN X509 CRL-----\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PEM_END =
      "\n-----END X509 CRL-----\n".getBytes(StandardCharsets.US_ASCII);

  /** CRLs up to this size are kept in memory, at most {@link #CACHED} of them. */
  private static final int SMALL = 256 * 1024;

  private static final int CACHED = 64;

  @Resource(lookup = "java:jboss/datasources/PcaDS")
  private DataSource database;

  private final Map<Long, byte[]> small = new ConcurrentHashMap<>();

  /** The newest CRL of one kind of an issuer, as the crl table records it. */
  private record Published(long id, Instant thisUpdate, Instant nextUpdate, long size) {}

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!onlyGetOrHead(request, response)) {
      return;
    }
    Matcher path = PATH.matcher(request.getPathInfo() == null ? "" : request.getPathInfo());
    if (!path.matches()) {
      plain(
          response,
          404,
          "no such CRL: CRLs are at /pki/crl/{label}.crl or .pem, delta CRLs under"
              + " /pki/crl/delta/");
      return;
    }
    boolean delta = path.group(1) != null;
    String label = path.group(2);
    boolean pem = path.group(3).equals("pem");
    try {
      serve(request, response, label, delta, pem);
    } catch (SQLException e) {
      unavailable(response, "CRL " + request.getPathInfo(), e);
    }
  }

  private void serve(
      HttpServletRequest request,
      HttpServletResponse response,
      String label,
      boolean delta,
      boolean pem)
      throws SQLException, IOException {
    try (Connection c = database.getConnection();
        PreparedStatement query =
            c.prepareStatement(
                "select r.crl_enabled, crl.id, crl.this_update, crl.next_update, crl.size"
                    + " from issuer i join repository r on r.id = i.repository_id"
                    + " left join lateral (select id, this_update, next_update, size from crl"
                    + " where crl.issuer_id = i.id and crl.delta = ? order by number desc"
                    + " limit 1) crl on true where i.label = ?")) {
      query.setBoolean(1, delta);
      query.setString(2, label);
      Published crl;
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          plain(response, 404, "no issuer is labelled " + label);
          return;
        }
        if (!row.getBoolean(1)) {
          plain(response, 404, "the repository of " + label + " publishes no CRLs");
          return;
        }
        if (row.getObject(2) == null) {
          plain(
              response,
              404,
              "no " + (delta ? "delta " : "") + "CRL of " + label + " has been published yet");
          return;
        }
        crl =
            new Published(
                row.getLong(2),
                row.getObject(3, OffsetDateTime.class).toInstant(),
                row.getObject(4, OffsetDateTime.class).toInstant(),
                row.getLong(5));
      }
      headers(response, crl, pem);
      if (notModified(request, crl, pem)) {
        response.setStatus(304);
        return;
      }
      response.setStatus(200);
      response.setContentType(pem ? PEM_TYPE : DER_TYPE);
      response.setContentLengthLong(pem ? pemLength(crl.size()) : crl.size());
      if (request.getMethod().equals("HEAD")) {
        return;
      }
      OutputStream out = response.getOutputStream();
      if (pem) {
        out.write(PEM_BEGIN);
        OutputStream base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).wrap(unclosed(out));
        write(c, crl, base64);
        base64.close();
        out.write(PEM_END);
      } else {
        write(c, crl, out);
      }
    }
  }

  private static void headers(HttpServletResponse response, Published crl, boolean pem) {
    long maxAge = Math.max(0, Duration.between(Instant.now(), crl.nextUpdate()).toSeconds());
    response.setHeader("ETag", etag(crl, pem));
    response.setDateHeader("Last-Modified", crl.thisUpdate().toEpochMilli());
    response.setDateHeader("Expires", crl.nextUpdate().toEpochMilli());
    response.setHeader("Cache-Control", "public, max-age=" + maxAge + ", no-transform");
  }

  /** The id names one CRL for good: its bytes never change. */
  private static String etag(Published crl, boolean pem) {
    return "\"crl-" + crl.id() + (pem ? "-pem" : "") + "\"";
  }

  /** RFC 9110 13.1.2 and 13.1.3: If-None-Match wins; If-Modified-Since only without it. */
  private static boolean notModified(HttpServletRequest request, Published crl, boolean pem) {
    String noneMatch = request.getHeader("If-None-Match");
    if (noneMatch != null) {
      String etag = etag(crl, pem);
      for (String tag : noneMatch.split(",")) {
        String candidate = tag.strip();
        if (candidate.equals("*") || candidate.equals(etag) || candidate.equals("W/" + etag)) {
          return true;
        }
      }
      return false;
    }
    try {
      long since = request.getDateHeader("If-Modified-Since");
      return since >= 0 && crl.thisUpdate().toEpochMilli() <= since;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Writes the DER: from memory when small, else chunk by chunk through a cursor. */
  private void write(Connection c, Published crl, OutputStream out)
      throws SQLException, IOException {
    byte[] cached = small.get(crl.id());
    if (cached != null) {
      out.write(cached);
      return;
    }
    if (crl.size() <= SMALL) {
      ByteArrayOutputStream whole = new ByteArrayOutputStream((int) crl.size());
      chunks(c, crl.id(), whole);
      byte[] bytes = whole.toByteArray();
      if (bytes.length == crl.size()) {
        if (small.size() >= CACHED) {
          small.clear();
        }
        small.put(crl.id(), bytes);
      }
      out.write(bytes);
      return;
    }
    chunks(c, crl.id(), out);
  }

  /**
   * Streams the chunks in order, one in memory at a time. One statement reads them all, so they
   * come from one snapshot even should the CRL be deleted meanwhile.
   */
  private static void chunks(Connection c, long crlId, OutputStream out)
      throws SQLException, IOException {
    boolean autoCommit = c.getAutoCommit();
    // PostgreSQL's driver fetches by cursor only inside a transaction.
    c.setAutoCommit(false);
    try (PreparedStatement query =
        c.prepareStatement("select bytes from crl_chunk where crl_id = ? order by no")) {
      query.setFetchSize(1);
      query.setLong(1, crlId);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          out.write(row.getBytes(1));
        }
      }
    } finally {
      c.rollback();
      c.setAutoCommit(autoCommit);
    }
  }

  /** The PEM's length: base64 in lines of 64 characters, each ending in a newline. */
  private static long pemLength(long derLength) {
    long base64 = 4 * ((derLength + 2) / 3);
    long lines = (base64 + 63) / 64;
    return PEM_BEGIN.length + base64 + (lines - 1) + PEM_END.length;
  }

  // ---- what the CRL and CA certificate servlets share ----

  /** Answers 405 with Allow for anything but GET and HEAD; true when the method is one of them. */
  static boolean onlyGetOrHead(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String method = request.getMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    response.setHeader("Allow", "GET, HEAD");
    plain(response, 405, method + " is not allowed here: use GET or HEAD");
    return false;
  }

  /** A short plain-text answer, one line. */
  static void plain(HttpServletResponse response, int status, String line) throws IOException {
    byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** Our fault, not the client's: logged with a correlation id, which alone is sent. */
  static void unavailable(HttpServletResponse response, String what, Exception e)
      throws IOException {
    String correlation = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, what + " could not be served, correlation id " + correlation, e);
    if (!response.isCommitted()) {
      response.setHeader("Retry-After", "5");
      plain(response, 503, "temporarily unavailable, correlation id " + correlation);
    }
  }

  private static OutputStream unclosed(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
