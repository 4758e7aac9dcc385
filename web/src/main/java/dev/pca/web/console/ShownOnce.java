package dev.pca.web.console;

import jakarta.faces.context.FacesContext;

/**
 * A secret the server made (a device's challenge or password) handed from the action that made it
 * to the one page that follows its redirect, through the Faces flash: it lives for that one request
 * and is gone when the page is reloaded. The server keeps only its hash.
 */
final class ShownOnce {
  private static final String KEY = "dev.pca.shownOnce";

  private ShownOnce() {}

  static void keep(Object secret) {
    FacesContext.getCurrentInstance().getExternalContext().getFlash().put(KEY, secret);
  }

  /** What the request before the redirect kept, or null. */
  static <T> T take(Class<T> type) {
    Object kept = FacesContext.getCurrentInstance().getExternalContext().getFlash().remove(KEY);
    return type.isInstance(kept) ? type.cast(kept) : null;
  }
}
