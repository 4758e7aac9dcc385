package dev.pca.web.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** One JSON-B instance for the whole API: building one per request costs more than the call. */
@Provider
public class JsonBinding implements ContextResolver<Jsonb> {
  private static final Jsonb JSONB = JsonbBuilder.create();

  @Override
  public Jsonb getContext(Class<?> type) {
    return JSONB;
  }
}
