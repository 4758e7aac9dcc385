package dev.pca.ocsp;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Puts one OCSP node together when the WAR starts: the issuers it serves, refreshed every {@link
 * #ISSUER_REFRESH}; the kept good answers (system property {@code pca.ocsp.cache-entries}, 20,000
 * by default); and the revocation feed, polled every {@link RevocationFeed#PERIOD} on the server's
 * managed scheduled executor. A node needs the database (read access) and the token; without the
 * token it answers unauthorized for every issuer and says why in the log.
 */
@WebListener
public class OcspNode implements ServletContextListener {
  private static final Logger LOG = Logger.getLogger(OcspNode.class.getName());
  private static final String ATTRIBUTE = OcspNode.class.getName();
  static final Duration ISSUER_REFRESH = Duration.ofSeconds(3);
  private static final Duration QUIET = Duration.ofMinutes(1);

  @Resource(lookup = "java:jboss/datasources/PcaDS")
  private DataSource dataSource;

  @Resource private ManagedScheduledExecutorService scheduler;

  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private final Map<String, Instant> lastComplaint = new ConcurrentHashMap<>();

  @Override
  public void contextInitialized(ServletContextEvent event) {
    Clock clock = Clock.systemUTC();
    Database database = new Database(dataSource);
    Issuers issuers = new Issuers(database, keys(), clock);
    GoodAnswers good = new GoodAnswers(Integer.getInteger("pca.ocsp.cache-entries", 20_000));
    RevocationFeed feed = new RevocationFeed(database, good::evict, clock);
    Responder responder = new Responder(issuers, database, good, clock);
    long feedPeriod = RevocationFeed.PERIOD.toMillis();
    tasks.add(
        scheduler.scheduleWithFixedDelay(
            () -> quietly("the revocation feed", () -> feed.poll()),
            0,
            feedPeriod,
            TimeUnit.MILLISECONDS));
    tasks.add(
        scheduler.scheduleWithFixedDelay(
            () -> quietly("reading the issuers", issuers::refresh),
            0,
            ISSUER_REFRESH.toMillis(),
            TimeUnit.MILLISECONDS));
    event.getServletContext().setAttribute(ATTRIBUTE, responder);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    tasks.forEach(task -> task.cancel(false));
    tasks.clear();
  }

  /** The node's responder, once the WAR has started. */
  static Responder responder(ServletContext context) {
    return (Responder) context.getAttribute(ATTRIBUTE);
  }

  private static Issuers.Keys keys() {
    try {
      return new TokenKeys();
    } catch (GeneralSecurityException e) {
      LOG.severe("OCSP: " + e.getMessage() + "; every issuer is answered unauthorized");
      return new Issuers.Keys() {
        @Override
        public PrivateKey privateKey(String alias) {
          return null;
        }

        @Override
        public Provider provider() {
          return null;
        }
      };
    }
  }

  private interface Task {
    void run() throws Exception;
  }

  /**
   * Runs a scheduled task, which must never throw (the executor would stop repeating it); a failure
   * is logged once a minute at most, so a database that is down does not flood the log.
   */
  private void quietly(String what, Task task) {
    try {
      task.run();
    } catch (Exception e) {
      Instant now = Instant.now();
      Instant last = lastComplaint.get(what);
      if (last == null || last.plus(QUIET).isBefore(now)) {
        lastComplaint.put(what, now);
        LOG.log(Level.WARNING, "OCSP: " + what + " failed; retrying", e);
      }
    }
  }
}
