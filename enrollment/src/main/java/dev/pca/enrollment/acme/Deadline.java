package dev.pca.enrollment.acme;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * The time one validation may take to connect and read, however many connections it makes, and the
 * connecting and reading bound by it: a peer that answers slowly, byte by byte, runs out of time as
 * one that does not answer at all.
 */
final class Deadline {
  private final long end;

  private Deadline(long end) {
    this.end = end;
  }

  static Deadline in(Duration duration) {
    return new Deadline(System.nanoTime() + duration.toNanos());
  }

  /** Milliseconds left, at least 1 while any remain; 0 when the time is up. */
  int remainingMillis() {
    long left = (end - System.nanoTime()) / 1_000_000;
    return left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, left));
  }

  /**
   * A socket connected to the first of {@code addresses} that accepts, in order.
   *
   * @throws ValidationFailure connection, naming {@code what} (the URL or host:port)
   */
  Socket connect(List<InetAddress> addresses, int port, String what) throws ValidationFailure {
    String failure = "no address";
    for (InetAddress address : addresses) {
      int left = remainingMillis();
      if (left == 0) {
        break;
      }
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(address, port), left);
        socket.setSoTimeout(Math.max(1, remainingMillis()));
        return socket;
      } catch (SocketTimeoutException e) {
        failure = "timeout during connect to " + address.getHostAddress();
        close(socket);
      } catch (IOException e) {
        failure = "could not connect to " + address.getHostAddress() + " (" + reason(e) + ")";
        close(socket);
      }
    }
    if (remainingMillis() == 0 && failure.equals("no address")) {
      failure = "timeout";
    }
    throw ValidationFailure.connection("Fetching " + what + ": " + failure + ".");
  }

  /** A stream of the socket that reads no longer than the deadline allows. */
  InputStream bounded(Socket socket, InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        arm();
        return super.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return super.read(b, off, len);
      }

      private void arm() throws IOException {
        int left = remainingMillis();
        if (left == 0) {
          throw new SocketTimeoutException("deadline");
        }
        socket.setSoTimeout(left);
      }
    };
  }

  /** A short, fixed text for a network failure: the exception's class, never its trace. */
  static String reason(IOException e) {
    String name = e.getClass().getSimpleName();
    return switch (name) {
      case "ConnectException" -> "connection refused";
      case "NoRouteToHostException" -> "no route to host";
      case "SocketTimeoutException" -> "timeout";
      case "UnknownHostException" -> "unknown host";
      case "EOFException" -> "connection closed";
      case "SocketException" -> "connection reset";
      default -> "I/O error";
    };
  }

  static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
