package dev.pca.application;

import java.util.Objects;

/** Who asks, and from where: carried into every audit event. */
public record Actor(String name, String address) {
  public Actor {
    Objects.requireNonNull(name, "name");
    address = address == null ? "unknown" : address;
  }

  /** The server itself, for work nobody asked for (schedules, start-up). */
  public static final Actor SYSTEM = new Actor("system", "local");
}
