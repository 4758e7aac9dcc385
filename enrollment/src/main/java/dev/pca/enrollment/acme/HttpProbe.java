package dev.pca.enrollment.acme;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP/1.1 GET for http-01, spoken over a connection the validator made: the JDK's clients will
 * not send the Host header validation needs (the identifier, while connecting to an address of its
 * own choosing). Everything read is bounded: lines, headers, and the body, which is only ever a key
 * authorization.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9112">RFC 9112</a>
 */
final class HttpProbe {
  static final int MAX_BODY = 8 * 1024;

  private static final int MAX_LINE = 8 * 1024;
  private static final int MAX_HEADERS = 100;
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");

  /** A response; {@code truncated} when the body was longer than {@value #MAX_BODY} bytes. */
  record Response(int status, String location, byte[] body, boolean truncated) {
    boolean redirect() {
      return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** What came back was not an HTTP/1.x response. */
  static final class MalformedResponse extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedResponse(String message) {
      super(message);
    }
  }

  private HttpProbe() {}

  static Response get(InputStream in, OutputStream out, String host, String path)
      throws IOException {
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nUser-Agent: pca-acme-validation\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String statusLine = line(in);
    if (statusLine == null) {
      throw new MalformedResponse("the connection closed before a response");
    }
    Matcher status = STATUS_LINE.matcher(statusLine);
    if (!status.matches()) {
      throw new MalformedResponse("the response is not HTTP/1.x");
    }
    String location = null;
    long length = -1;
    boolean chunked = false;
    for (int count = 0; ; count++) {
      String header = line(in);
      if (header == null || count > MAX_HEADERS) {
        throw new MalformedResponse("the response headers do not end");
      }
      if (header.isEmpty()) {
        break;
      }
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new MalformedResponse("a response header is malformed");
      }
      String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).strip();
      switch (name) {
        case "location" -> location = value;
        case "content-length" -> length = contentLength(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        default -> {
          // not needed
        }
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      chunks(in, body);
    } else {
      copy(in, body, length < 0 ? MAX_BODY + 1L : Math.min(length, MAX_BODY + 1L), length >= 0);
    }
    byte[] bytes = body.toByteArray();
    boolean truncated = bytes.length > MAX_BODY;
    return new Response(
        Integer.parseInt(status.group(1)),
        location,
        truncated ? Arrays.copyOf(bytes, MAX_BODY) : bytes,
        truncated);
  }

  private static void chunks(InputStream in, ByteArrayOutputStream body) throws IOException {
    while (body.size() <= MAX_BODY) {
      String sizeLine = line(in);
      if (sizeLine == null) {
        throw new MalformedResponse("a chunked body ends early");
      }
      int semicolon = sizeLine.indexOf(';');
      long size;
      try {
        size =
            Long.parseLong(
                (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
      } catch (NumberFormatException e) {
        throw new MalformedResponse("a chunk size is malformed");
      }
      if (size < 0) {
        throw new MalformedResponse("a chunk size is malformed");
      }
      if (size == 0) {
        return;
      }
      copy(in, body, Math.min(size, MAX_BODY + 1L - body.size()), true);
      if (body.size() <= MAX_BODY && line(in) == null) {
        throw new MalformedResponse("a chunked body ends early");
      }
    }
  }

  /** Copies up to {@code limit} bytes; with {@code exact}, fewer is an early end. */
  private static void copy(InputStream in, ByteArrayOutputStream body, long limit, boolean exact)
      throws IOException {
    byte[] buffer = new byte[2048];
    long left = limit;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        if (exact) {
          throw new MalformedResponse("the body ends before its length");
        }
        return;
      }
      body.write(buffer, 0, read);
      left -= read;
    }
  }

  private static long contentLength(String value) throws MalformedResponse {
    try {
      long length = Long.parseLong(value);
      if (length >= 0) {
        return length;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new MalformedResponse("the Content-Length is malformed");
  }

  /** A line without its CR LF, or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      if (line.size() >= MAX_LINE) {
        throw new MalformedResponse("a line of the response is too long");
      }
      line.write(b);
    }
  }
}
