package dev.pca.web.console;

import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Files sent with a form, read whole only when small enough for what they are meant to be. */
final class Uploads {
  private Uploads() {}

  /**
   * The bytes of {@code part}; empty when nothing was sent, or more than {@code max} bytes (callers
   * check {@link #tooLarge} first to tell the user so).
   */
  static Optional<byte[]> read(Part part, int max) {
    if (part == null || part.getSize() == 0) {
      return Optional.empty();
    }
    try (InputStream in = part.getInputStream()) {
      byte[] bytes = in.readNBytes(max + 1);
      return bytes.length > max ? Optional.empty() : Optional.of(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean tooLarge(Part part, int max) {
    return part != null && part.getSize() > max;
  }
}
