package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import dev.pca.application.Actor;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs challenge validations off the request thread and reports each outcome to the core. "The
 * server ... begins the validation process ... asynchronously"; the client's POST waits up to
 * {@link #WAIT} so that a quick validation answers at once, else the client polls. A challenge is
 * validated once at a time here; one left processing (a report that failed, a restart) is validated
 * again when its client asks again.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.5.1">RFC 8555 section 7.5.1</a>
 */
final class Validations {
  static final Duration WAIT = Duration.ofMillis(1500);

  private static final Logger LOG = Logger.getLogger(Validations.class.getName());

  /** The validator of a challenge type, made for each validation. */
  @FunctionalInterface
  interface Validators {
    ChallengeValidator of(String type) throws ValidationFailure;
  }

  private final ExecutorService executor;
  private final Acme acme;
  private final Validators validators;
  private final Set<UUID> running = ConcurrentHashMap.newKeySet();

  Validations(ExecutorService executor, Acme acme, Validators validators) {
    this.executor = executor;
    this.acme = acme;
    this.validators = validators;
  }

  /** With the validators of the settings in force at each validation. */
  Validations(ExecutorService executor, Acme acme) {
    this(executor, acme, type -> ChallengeValidator.of(type, ValidationSettings.current()));
  }

  /**
   * Validates a challenge that is processing (unless this server validates it already) and answers
   * its state after the outcome, or after {@link #WAIT}.
   */
  Acme.Challenge validate(Actor actor, Acme.Account account, Acme.Challenge challenge)
      throws Acme.Problem {
    if (running.add(challenge.id())) {
      Future<?> outcome;
      try {
        Acme.Identifier identifier =
            acme.authorization(account.id(), challenge.authorizationId()).identifier();
        String keyAuthorization = KeyAuthorization.of(challenge.token(), account.thumbprint());
        outcome = executor.submit(() -> run(actor, challenge, identifier, keyAuthorization));
      } catch (Acme.Problem | RuntimeException e) {
        running.remove(challenge.id());
        throw e;
      }
      await(outcome);
    }
    return acme.challenge(account.id(), challenge.id());
  }

  private static void await(Future<?> outcome) {
    try {
      outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException | RejectedExecutionException e) {
      // The client polls; run() logged whatever failed.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(
      Actor actor, Acme.Challenge challenge, Acme.Identifier identifier, String keyAuthorization) {
    try {
      String problem = null;
      try {
        validators.of(challenge.type()).validate(identifier, challenge.token(), keyAuthorization);
      } catch (ValidationFailure failure) {
        problem = failure.problem().jsonText();
        LOG.fine(() -> "challenge " + challenge.id() + " failed: " + failure.getMessage());
      } catch (RuntimeException e) {
        String correlation = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "ACME validation failed, correlation id " + correlation, e);
        problem = AcmeError.serverInternal(correlation).jsonText();
      }
      acme.challengeValidated(actor, challenge.id(), problem == null, problem);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the outcome of challenge " + challenge.id() + " was not recorded", e);
    } finally {
      running.remove(challenge.id());
    }
  }
}
