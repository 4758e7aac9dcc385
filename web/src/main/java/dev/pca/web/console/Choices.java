package dev.pca.web.console;

import dev.pca.application.Repositories;
import dev.pca.crypto.KeySpec;
import dev.pca.domain.model.certificate.RevocationReason;
import dev.pca.domain.policy.ExtendedKeyUsage;
import dev.pca.domain.policy.KeyUsageBit;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.UUID;

/** What the console's selection lists offer, read once per request. */
@Named
@RequestScoped
public class Choices {
  /** JCA names of the signature algorithms a template may fix (the core's list). */
  private static final List<String> SIGNATURE_ALGORITHMS =
      List.of(
          "SHA256withECDSA", "SHA384withECDSA", "SHA256withRSA", "SHA384withRSA", "SHA512withRSA");

  @EJB private Repositories repositoryService;
  @Inject private Callers callers;
  private List<Repositories.View> repositories;

  public List<Repositories.View> getRepositories() {
    if (repositories == null) {
      repositories = repositoryService.list(callers.current());
    }
    return repositories;
  }

  /** The repository a page shows: the one asked for, else the first there is (null if none). */
  public UUID repositoryOrFirst(UUID asked) {
    if (asked != null) {
      return asked;
    }
    return getRepositories().isEmpty() ? null : getRepositories().get(0).id();
  }

  /** A repository's name, or the id itself should it be unknown. */
  public String repositoryName(UUID id) {
    return getRepositories().stream()
        .filter(r -> r.id().equals(id))
        .map(Repositories.View::name)
        .findFirst()
        .orElse(String.valueOf(id));
  }

  public KeySpec[] getKeySpecs() {
    return KeySpec.values();
  }

  public RevocationReason[] getReasons() {
    return RevocationReason.values();
  }

  public KeyUsageBit[] getKeyUsages() {
    return KeyUsageBit.values();
  }

  public ExtendedKeyUsage[] getExtendedKeyUsages() {
    return ExtendedKeyUsage.values();
  }

  public List<String> getSignatureAlgorithms() {
    return SIGNATURE_ALGORITHMS;
  }

  public List<String> getStatuses() {
    return List.of("VALID", "ON_HOLD", "REVOKED", "EXPIRED");
  }
}
