package dev.pca.web.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The console's words: the message bundle (also {@code #{msg}} in pages) and Faces messages. */
public final class Texts {
  static final String BUNDLE = "dev.pca.web.console.messages";

  private Texts() {}

  /** The text under {@code key} with {@code args} put in ({@link MessageFormat}). */
  public static String get(String key, Object... args) {
    ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale());
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
    return args.length == 0 ? pattern : new MessageFormat(pattern, locale()).format(args);
  }

  public static void info(String key, Object... args) {
    add(FacesMessage.SEVERITY_INFO, get(key, args), null);
  }

  public static void error(String key, Object... args) {
    add(FacesMessage.SEVERITY_ERROR, get(key, args), null);
  }

  /** A message of two parts: a short summary (a rule's name, say) and the detail. */
  static void add(FacesMessage.Severity severity, String summary, String detail) {
    FacesContext.getCurrentInstance()
        .addMessage(null, new FacesMessage(severity, summary, detail == null ? "" : detail));
  }

  /** Keeps this request's messages for the page a redirect leads to. */
  public static void keepForRedirect() {
    FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
  }

  private static Locale locale() {
    FacesContext faces = FacesContext.getCurrentInstance();
    return faces == null || faces.getViewRoot() == null
        ? Locale.ENGLISH
        : faces.getViewRoot().getLocale();
  }
}
