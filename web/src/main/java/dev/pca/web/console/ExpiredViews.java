package dev.pca.web.console;

import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * A form whose view state the session does not hold did nothing: it was sent from a page that
 * expired, or forged by another site, which cannot know the state (the Faces CSRF defence). Such a
 * post is answered by sending the browser to the same page afresh, with a message that nothing was
 * done, rather than with an error page.
 */
public class ExpiredViews extends ExceptionHandlerFactory {
  public ExpiredViews(ExceptionHandlerFactory wrapped) {
    super(wrapped);
  }

  @Override
  public ExceptionHandler getExceptionHandler() {
    return new Handler(getWrapped().getExceptionHandler());
  }

  private static final class Handler extends ExceptionHandlerWrapper {
    Handler(ExceptionHandler wrapped) {
      super(wrapped);
    }

    @Override
    public void handle() {
      Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
      while (events.hasNext()) {
        if (expired(events.next().getContext().getException())) {
          events.remove();
          again(FacesContext.getCurrentInstance());
        }
      }
      getWrapped().handle();
    }

    private static boolean expired(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof ViewExpiredException) {
          return true;
        }
      }
      return false;
    }

    private static void again(FacesContext faces) {
      ExternalContext context = faces.getExternalContext();
      HttpServletRequest request = (HttpServletRequest) context.getRequest();
      String query = request.getQueryString();
      Texts.error("page.expired");
      context.getFlash().setKeepMessages(true);
      try {
        context.redirect(request.getRequestURI() + (query == null ? "" : "?" + query));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      faces.responseComplete();
    }
  }
}
