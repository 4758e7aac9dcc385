package dev.pca.web.console;

import dev.pca.application.AuditLog;
import dev.pca.application.CaException;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where the console turns failures into Faces messages from the bundle: refusals of
 * the core show their reason, their own words and each broken rule by name, and are audited as the
 * REST API audits them; anything unexpected is logged with a correlation id and shown as fixed text
 * with that id.
 */
@RequestScoped
public class Refusals {
  private static final Logger LOG = Logger.getLogger(Refusals.class.getName());

  /** A call of the core that may be refused. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws CaException;
  }

  @EJB private AuditLog audit;
  @Inject private Callers callers;

  /**
   * Runs {@code work}; its result, or empty when it was refused or failed (the messages say why).
   * {@code action} names what was tried in the audit log, e.g. "repository.create".
   */
  public <T> Optional<T> attempt(String action, Work<T> work) {
    try {
      return Optional.ofNullable(work.run());
    } catch (CaException refused) {
      refused(action, refused);
    } catch (ConstraintViolationException invalid) {
      invalid(invalid);
    } catch (EJBException failure) {
      Throwable cause = failure.getCause();
      if (cause instanceof ConstraintViolationException invalid) {
        invalid(invalid);
      } else {
        unexpected(failure);
      }
    } catch (RuntimeException failure) {
      unexpected(failure);
    }
    return Optional.empty();
  }

  private void refused(String action, CaException refused) {
    try {
      audit.refusal(callers.current(), "console " + action, "request", "-", refused.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a refusal could not be audited", e);
    }
    if (refused.reason() == CaException.Reason.NOT_FOUND) {
      status(HttpServletResponse.SC_NOT_FOUND);
    } else if (refused.reason() == CaException.Reason.FORBIDDEN) {
      status(HttpServletResponse.SC_FORBIDDEN);
    }
    Texts.add(
        FacesMessage.SEVERITY_ERROR,
        Texts.get("refused." + refused.reason().name()),
        refused.getMessage());
    refused.violations().forEach(v -> Texts.add(FacesMessage.SEVERITY_ERROR, v.rule(), v.detail()));
  }

  private static void invalid(ConstraintViolationException invalid) {
    Texts.add(FacesMessage.SEVERITY_ERROR, Texts.get("refused.INVALID"), "");
    invalid
        .getConstraintViolations()
        .forEach(
            v ->
                Texts.add(
                    FacesMessage.SEVERITY_ERROR,
                    leaf(v.getPropertyPath().toString()),
                    v.getMessage()));
  }

  private static void unexpected(RuntimeException failure) {
    String correlation = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "console action failed, correlation id " + correlation, failure);
    status(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
    Texts.add(
        FacesMessage.SEVERITY_FATAL,
        Texts.get("failed"),
        Texts.get("failed.reference", correlation));
  }

  /** Refuses an action the signed-in user's roles do not allow; see {@link AllowedCheck}. */
  void forbidden(Task task, String method) {
    String what = task == null ? method : task.name();
    try {
      audit.refusal(callers.current(), "console " + what, "request", "-", "role missing");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a refusal could not be audited", e);
    }
    status(HttpServletResponse.SC_FORBIDDEN);
    Texts.add(
        FacesMessage.SEVERITY_ERROR,
        Texts.get("forbidden"),
        task == null ? "" : Texts.get("forbidden.roles", String.join(", ", task.roles())));
  }

  private static void status(int status) {
    FacesContext.getCurrentInstance().getExternalContext().setResponseStatus(status);
  }

  private static String leaf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }
}
