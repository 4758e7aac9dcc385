package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.AuditLog;
import dev.pca.crypto.Token;
import dev.pca.crypto.x509.CrlWriter;
import dev.pca.domain.model.issuer.Issuer;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Makes CRLs (RFC 5280 section 5), each in its own transaction with its audit event. The issuer's
 * advisory lock makes one node at a time work on an issuer's CRLs; the unique (issuer, number)
 * backs it up. Entries stream from a cursor through {@link CrlWriter} into 1 MiB chunks, so a CRL
 * of any size is made in bounded memory.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-5">RFC 5280 section 5</a>
 */
@Stateless
public class CrlGeneration {
  private static final Logger LOG = Logger.getLogger(CrlGeneration.class.getName());

  @Resource(lookup = "java:jboss/datasources/PcaDS")
  private DataSource database;

  @PersistenceContext private EntityManager em;
  @EJB private Token token;
  @EJB private Signing signing;
  @EJB private AuditLog audit;

  /** An issuer whose repository publishes CRLs, with its newest full and delta CRLs (or null). */
  public record Plan(
      UUID issuerId, Duration period, CrlSchedule.Newest full, CrlSchedule.Newest delta) {}

  /** Every unexpired issuer whose repository has CRLs on, with its newest CRLs. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public List<Plan> plan(Instant now) {
    try (Connection c = database.getConnection()) {
      Map<UUID, CrlSchedule.Newest[]> newest = newest(c);
      List<Plan> plans = new ArrayList<>();
      try (PreparedStatement query =
          c.prepareStatement(
              "select i.id, r.crl_period_seconds from issuer i"
                  + " join repository r on r.id = i.repository_id"
                  + " where r.crl_enabled and i.not_after > ?")) {
        query.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        try (ResultSet row = query.executeQuery()) {
          while (row.next()) {
            UUID id = row.getObject(1, UUID.class);
            CrlSchedule.Newest[] kinds = newest.getOrDefault(id, new CrlSchedule.Newest[2]);
            plans.add(new Plan(id, Duration.ofSeconds(row.getLong(2)), kinds[0], kinds[1]));
          }
        }
      }
      return plans;
    } catch (SQLException e) {
      throw new IllegalStateException("the CRL plan cannot be read", e);
    }
  }

  /** The newest full ([0]) and delta ([1]) CRL of every issuer that has any. */
  private static Map<UUID, CrlSchedule.Newest[]> newest(Connection c) throws SQLException {
    Map<UUID, CrlSchedule.Newest[]> newest = new HashMap<>();
    try (Statement query = c.createStatement();
        ResultSet row =
            query.executeQuery(
                "select distinct on (issuer_id, delta) issuer_id, delta, number, this_update,"
                    + " next_update, last_revocation_id from crl"
                    + " order by issuer_id, delta, number desc")) {
      while (row.next()) {
        CrlSchedule.Newest[] kinds =
            newest.computeIfAbsent(row.getObject(1, UUID.class), id -> new CrlSchedule.Newest[2]);
        kinds[row.getBoolean(2) ? 1 : 0] = CrlRows.newest(row, 3);
      }
    }
    return newest;
  }

  /** The highest committed revocation id: whether the feed moved at all. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public long latestRevocation() {
    try (Connection c = database.getConnection();
        Statement statement = c.createStatement();
        ResultSet row = statement.executeQuery("select coalesce(max(id), 0) from revocation")) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("the revocation feed cannot be read", e);
    }
  }

  /** The highest revocation id per issuer, of those above {@code after}. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public Map<UUID, Long> feed(long after) {
    Map<UUID, Long> feed = new HashMap<>();
    try (Connection c = database.getConnection();
        PreparedStatement query =
            c.prepareStatement(
                "select c.issuer_id, max(r.id) from revocation r"
                    + " join certificate c on c.id = r.certificate_id"
                    + " where r.id > ? group by c.issuer_id")) {
      query.setLong(1, after);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          feed.put(row.getObject(1, UUID.class), row.getLong(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the revocation feed cannot be read", e);
    }
    return feed;
  }

  /**
   * How far the revocation feed is complete: once the share lock is granted, every transaction that
   * wrote a revocation has ended, and none can write another until this one commits, so no id at or
   * below the answer can still appear. Identity values are taken in one order and committed in
   * another; without this, a CRL could note an id as read while a lower one was still to commit,
   * and that revocation would wait for the next scheduled CRL.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public long barrier() {
    try (Connection c = database.getConnection();
        Statement statement = c.createStatement()) {
      statement.execute("set local lock_timeout = '10s'");
      statement.execute("lock table revocation in share mode");
      try (ResultSet row = statement.executeQuery("select coalesce(max(id), 0) from revocation")) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the revocation feed cannot be read", e);
    }
  }

  /**
   * Makes the issuer's next full or delta CRL, if it is still due once the issuer's lock is held
   * (another node may have just made it); {@code watermark} is how far the feed is complete, and
   * {@code feed} the highest revocation id of the issuer's certificates known.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void make(UUID issuerId, boolean delta, long watermark, long feed) {
    long started = System.nanoTime();
    Issuer issuer = em.find(Issuer.class, issuerId);
    if (issuer == null || !issuer.repository().settings().crlEnabled()) {
      return;
    }
    try (Connection c = database.getConnection()) {
      if (!CrlRows.tryLock(c, issuerId)) {
        return;
      }
      Instant now = Instant.now();
      Duration period = issuer.repository().settings().crlPeriod();
      CrlSchedule.State state =
          new CrlSchedule.State(
              CrlRows.newest(c, issuerId, false), CrlRows.newest(c, issuerId, true), feed);
      boolean due =
          delta
              ? CrlSchedule.deltaDue(state, period, now)
              : CrlSchedule.fullDue(state, period, now);
      if (!due) {
        return;
      }
      Written written = write(c, issuer, delta, now.truncatedTo(ChronoUnit.SECONDS), watermark);
      CrlRows.Made made = written.made();
      audit.success(
          Actor.SYSTEM,
          "crl.sign",
          "issuer",
          issuerId,
          "label=%s key=%s number=%d delta=%s base=%s entries=%d size=%d thisUpdate=%s"
              .formatted(
                  issuer.label(),
                  issuer.keyAlias(),
                  made.number(),
                  delta,
                  made.baseNumber(),
                  made.entries(),
                  made.size(),
                  made.thisUpdate()));
      CrlRows.prune(c, issuerId);
      long ms = (System.nanoTime() - started) / 1_000_000;
      LOG.info(
          () ->
              String.format(
                  "CRL issuer=%s number=%d %s entries=%d size=%d ms=%d"
                      + " (entries %d, signing %d, storing %d)",
                  issuer.label(),
                  made.number(),
                  delta ? "delta" : "full",
                  made.entries(),
                  made.size(),
                  ms,
                  written.entriesMs(),
                  written.signingMs(),
                  written.storingMs()));
    } catch (SQLException e) {
      throw new IllegalStateException("the CRL of " + issuer.label() + " cannot be stored", e);
    } catch (IOException e) {
      throw new UncheckedIOException("the CRL of " + issuer.label() + " cannot be written", e);
    }
  }

  /**
   * A CRL made, and how long its steps took in milliseconds (logged: where a big CRL's time goes):
   * reading and encoding the entries, streaming them through the token's signature, and storing the
   * DER.
   */
  private record Written(CrlRows.Made made, long entriesMs, long signingMs, long storingMs) {}

  /** Streams the entries into a writer, signs on the token, and stores the CRL in chunks. */
  private Written write(
      Connection c, Issuer issuer, boolean delta, Instant thisUpdate, long watermark)
      throws SQLException, IOException {
    UUID issuerId = issuer.id();
    long number = CrlRows.nextNumber(c, issuerId);
    CrlSchedule.Newest base = null;
    if (delta) {
      List<CrlSchedule.Newest> kept = CrlRows.keptFulls(c, issuerId);
      base = kept.get(kept.size() - 1);
    }
    Instant nextUpdate = thisUpdate.plus(issuer.repository().settings().crlPeriod());
    CrlWriter.Header header =
        new CrlWriter.Header(
            new X509CertificateHolder(issuer.certificate()),
            BigInteger.valueOf(number),
            base == null ? null : BigInteger.valueOf(base.number()),
            thisUpdate,
            nextUpdate,
            // A root's CRL is complete for all it signed, itself included (see CrlWriter).
            issuer.isRoot() ? null : Urls.crl(issuer.label()),
            delta ? null : Urls.crlDelta(issuer.label()));
    try (CrlWriter writer = CrlWriter.open(header, temporaryDirectory())) {
      long started = System.nanoTime();
      if (delta) {
        CrlRows.deltaEntries(c, issuerId, base.lastRevocationId(), thisUpdate, writer::add);
      } else {
        CrlRows.fullEntries(c, issuerId, thisUpdate, writer::add);
      }
      long read = System.nanoTime();
      CrlWriter.Signed signed =
          writer.sign(token.contentSigner(issuer.keyAlias(), signing.algorithmOf(issuer)));
      long signedAt = System.nanoTime();
      CrlRows.Made made =
          new CrlRows.Made(
              issuerId,
              number,
              base == null ? null : base.number(),
              thisUpdate,
              nextUpdate,
              writer.entries(),
              signed.size(),
              watermark);
      long crlId = CrlRows.insert(c, made);
      try (CrlRows.ChunkOutput out = new CrlRows.ChunkOutput(c, crlId)) {
        signed.writeTo(out);
      }
      long stored = System.nanoTime();
      return new Written(
          made,
          (read - started) / 1_000_000,
          (signedAt - read) / 1_000_000,
          (stored - signedAt) / 1_000_000);
    }
  }

  private static Path temporaryDirectory() {
    return Path.of(
        System.getProperty("jboss.server.temp.dir", System.getProperty("java.io.tmpdir")));
  }
}
