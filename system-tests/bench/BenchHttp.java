import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The load drivers' HTTP/1.1 client: one keep-alive connection to one server, blocking, used by one
 * thread. The JDK's HttpClient spent more CPU per request than the servers under test did (its
 * asynchronous machinery, on the same two cores), so the drivers measured themselves; this one
 * writes a request and reads the answer, nothing else. HTTPS checks the server's name against its
 * certificate, as HttpClient did.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9112">RFC 9112</a>
 */
final class BenchHttp implements AutoCloseable {
  private static final int TIMEOUT_MILLIS = 120_000;
  private static final int MAX_BODY = 16 << 20;

  /** An answer; header names in lower case, the last of repeated ones. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private final SSLContext tls;
  private Socket raw;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** A client of the server that URL names; TLS (with this context) for https. */
  BenchHttp(URI server, SSLContext tls) {
    this.host = server.getHost();
    boolean https = server.getScheme().equalsIgnoreCase("https");
    this.port = server.getPort() > 0 ? server.getPort() : https ? 443 : 80;
    this.tls = https ? tls : null;
    if (https && tls == null) {
      throw new IllegalArgumentException("https needs an SSLContext");
    }
  }

  Response get(URI uri) throws IOException {
    return send("GET", uri, null, null);
  }

  Response head(URI uri) throws IOException {
    return send("HEAD", uri, null, null);
  }

  Response post(URI uri, String contentType, byte[] body) throws IOException {
    return send("POST", uri, contentType, body);
  }

  /**
   * One request on the kept connection. A connection the server closed while idle fails before any
   * answer; the request then goes once more on a new connection.
   */
  Response send(String method, URI uri, String contentType, byte[] body) throws IOException {
    for (int attempt = 0; ; attempt++) {
      boolean reused = socket != null;
      if (!reused) {
        connect();
      }
      try {
        write(method, uri, contentType, body);
        return read(method);
      } catch (IOException e) {
        close();
        if (!reused || attempt > 0) {
          throw e;
        }
      }
    }
  }

  private void connect() throws IOException {
    Socket plain = new Socket();
    plain.setTcpNoDelay(true);
    plain.setSoTimeout(TIMEOUT_MILLIS);
    plain.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
    raw = plain;
    if (tls != null) {
      SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
      SSLParameters parameters = secure.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      secure.setSSLParameters(parameters);
      secure.startHandshake();
      plain = secure;
    }
    socket = plain;
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
  }

  private void write(String method, URI uri, String contentType, byte[] body) throws IOException {
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append(':').append(port).append("\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    if (body != null) {
      out.write(body);
    }
    out.flush();
  }

  private Response read(String method) throws IOException {
    String statusLine = line();
    // "HTTP/1.1 200 OK"
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new HashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    byte[] body;
    String length = headers.get("content-length");
    if (method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunked();
    } else if (length != null) {
      body = exactly(Integer.parseInt(length));
    } else {
      body = in.readAllBytes(); // the body ends with the connection
      headers.put("connection", "close");
    }
    if ("close".equalsIgnoreCase(headers.get("connection"))) {
      close();
    }
    return new Response(status, headers, body);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      int length =
          Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (length == 0) {
        while (!line().isEmpty()) {
          // trailer fields, unused
        }
        return body.toByteArray();
      }
      if (body.size() + length > MAX_BODY) {
        throw new IOException("an answer of more than " + MAX_BODY + " bytes");
      }
      body.write(exactly(length));
      line();
    }
  }

  private byte[] exactly(int length) throws IOException {
    if (length > MAX_BODY) {
      throw new IOException("an answer of more than " + MAX_BODY + " bytes");
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new EOFException("the connection ended inside an answer");
    }
    return bytes;
  }

  /** One header line without its CRLF. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("the connection ended before the answer did");
      }
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      if (line.length() > 16 * 1024) {
        throw new IOException("a header line of more than 16 KiB");
      }
      line.append((char) c);
    }
  }

  /**
   * Closes the TCP connection without TLS's closing handshake: JSSE's close waits for the peer's
   * close_notify, and a connection that failed may never send one (four driver threads once waited
   * out their read timeout there).
   */
  @Override
  public void close() {
    if (raw != null) {
      try {
        raw.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    raw = null;
    socket = null;
    in = null;
    out = null;
  }
}
