package dev.pca.web.console;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an action method of a backing bean with the task it performs; {@link AllowedCheck} refuses
 * the call unless the signed-in user holds one of the task's roles, whatever the page showed. Put
 * it on methods: on a class it only names the interceptor's binding.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Allowed {
  @Nonbinding
  Task value();
}
