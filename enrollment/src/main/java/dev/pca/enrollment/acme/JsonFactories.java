package dev.pca.enrollment.acme;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonReaderFactory;
import java.util.Map;

/**
 * One JSON-P reader and builder factory for the package. Each {@code Json.createX} call looks the
 * provider up anew (a ServiceLoader scan) and the provider's new buffer pool with it; the factories
 * are thread-safe, so the lookup is done once.
 */
final class JsonFactories {
  static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
  static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  private JsonFactories() {}
}
