package dev.pca.web;

import java.util.List;
import java.util.function.Predicate;

/** The roles of the product, as Keycloak's realm names them. */
public final class Roles {
  public static final String ADMIN = "pca-admin";
  public static final String OPERATOR = "pca-operator";
  public static final String AUDITOR = "pca-auditor";
  public static final List<String> ALL = List.of(ADMIN, OPERATOR, AUDITOR);

  private Roles() {}

  /** The product roles that {@code inRole} holds, in a stable order. */
  public static List<String> held(Predicate<String> inRole) {
    return ALL.stream().filter(inRole).toList();
  }
}
