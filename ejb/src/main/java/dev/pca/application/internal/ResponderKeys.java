package dev.pca.application.internal;

import dev.pca.application.CaException;
import dev.pca.crypto.TokenException;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps every issuer that answers OCSP supplied with a current delegated responder certificate,
 * every two seconds: a new issuer, or a repository that turns OCSP on, is served within moments;
 * and it destroys the keys of expired ones. Each issuer is handled in a transaction of its own, so
 * that one failing issuer (a token error, say) does not hold up the others.
 */
@Singleton
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ResponderKeys {
  private static final Logger LOG = Logger.getLogger(ResponderKeys.class.getName());

  @EJB private ResponderIssuance issuance;

  /** The last failure told of per issuer: one that repeats every two seconds is told once. */
  private final Map<UUID, String> told = new ConcurrentHashMap<>();

  @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void everyTwoSeconds() {
    for (UUID issuer : issuance.due(Instant.now())) {
      try {
        issuance.issue(issuer);
        told.remove(issuer);
      } catch (CaException | TokenException | EJBException e) {
        String message = String.valueOf(e.getMessage());
        boolean fresh = !message.equals(told.put(issuer, message));
        LOG.log(
            fresh ? Level.WARNING : Level.FINE,
            "no OCSP responder certificate for issuer " + issuer + " yet",
            e);
      }
    }
    try {
      int destroyed = issuance.destroyExpired();
      if (destroyed > 0) {
        LOG.info(
            () -> "destroyed the keys of " + destroyed + " expired OCSP responder certificates");
      }
    } catch (TokenException | EJBException e) {
      LOG.log(Level.WARNING, "the keys of expired OCSP responder certificates stay for now", e);
    }
  }
}
