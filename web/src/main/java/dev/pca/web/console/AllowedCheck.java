package dev.pca.web.console;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;

/**
 * Enforces {@link Allowed} on the server: a call by someone without the task's role does not run,
 * is audited as refused and answers 403 with a message. Pages hide what a role may not do, but a
 * hidden button is not enforcement; this is.
 */
@Allowed(Task.ISSUE)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class AllowedCheck implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject private HttpServletRequest request;
  @Inject private Refusals refusals;

  @AroundInvoke
  public Object check(InvocationContext call) throws Exception {
    // Bound through the method's own annotation, so it is there; should it not be, refuse.
    Allowed allowed = call.getMethod().getAnnotation(Allowed.class);
    if (allowed != null && allowed.value().allowedFor(request::isUserInRole)) {
      return call.proceed();
    }
    refusals.forbidden(allowed == null ? null : allowed.value(), call.getMethod().getName());
    return null;
  }
}
