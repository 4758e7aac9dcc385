package dev.pca.application.internal;

import dev.pca.application.CaException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Set;

/**
 * Enforces the Bean Validation constraints declared on the service interfaces' requests, so that
 * every face (REST, console, enrollment) is held to the same rules and hears the same refusal.
 */
final class Checks {
  private static final Validator VALIDATOR =
      Validation.buildDefaultValidatorFactory().getValidator();

  private Checks() {}

  static <T> T valid(T request) throws CaException {
    if (request == null) {
      throw new CaException(CaException.Reason.INVALID, "the request is empty");
    }
    Set<ConstraintViolation<T>> violations = VALIDATOR.validate(request);
    if (!violations.isEmpty()) {
      throw new CaException(
          CaException.Reason.INVALID,
          "the request is not valid",
          violations.stream()
              .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
              .map(v -> new CaException.Violation(v.getPropertyPath().toString(), v.getMessage()))
              .toList());
    }
    return request;
  }
}
