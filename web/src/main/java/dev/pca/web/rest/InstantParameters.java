package dev.pca.web.rest;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters that are instants take RFC 3339 text, e.g. 2026-01-31T12:00:00Z. */
@Provider
public class InstantParameters implements ParamConverterProvider {
  @Override
  @SuppressWarnings("unchecked")
  public <T> ParamConverter<T> getConverter(Class<T> raw, Type generic, Annotation[] annotations) {
    if (raw != Instant.class) {
      return null;
    }
    return (ParamConverter<T>)
        new ParamConverter<Instant>() {
          @Override
          public Instant fromString(String value) {
            try {
              return value == null ? null : Instant.parse(value);
            } catch (DateTimeParseException e) {
              throw new BadRequestException("not an RFC 3339 instant: " + value);
            }
          }

          @Override
          public String toString(Instant value) {
            return value.toString();
          }
        };
  }
}
