package dev.pca.application.internal;

import dev.pca.crypto.x509.CrlWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of CRL generation, in plain JDBC: entries are read through a cursor and CRLs written in
 * chunks, so that neither is ever held whole in memory.
 */
final class CrlRows {
  /** The DER of a CRL is stored in chunks of this size (the last one shorter). */
  static final int CHUNK = 1024 * 1024;

  /** Rows fetched per round trip while reading entries. */
  private static final int FETCH = 10_000;

  private CrlRows() {}

  /** What the CRL row records of a new CRL. */
  record Made(
      UUID issuerId,
      long number,
      Long baseNumber,
      Instant thisUpdate,
      Instant nextUpdate,
      long entries,
      long size,
      long lastRevocationId) {}

  /** The newest CRL of one kind of an issuer, null when there is none. */
  static CrlSchedule.Newest newest(Connection c, UUID issuerId, boolean delta) throws SQLException {
    try (PreparedStatement query =
        c.prepareStatement(
            "select number, this_update, next_update, last_revocation_id from crl"
                + " where issuer_id = ? and delta = ? order by number desc limit 1")) {
      query.setObject(1, issuerId);
      query.setBoolean(2, delta);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? newest(row, 1) : null;
      }
    }
  }

  static CrlSchedule.Newest newest(ResultSet row, int first) throws SQLException {
    return new CrlSchedule.Newest(
        row.getLong(first),
        instant(row, first + 1),
        instant(row, first + 2),
        row.getLong(first + 3));
  }

  /**
   * The full CRLs of an issuer that are kept, newest first: the two newest. A delta CRL is made
   * against the older of them, so that it completes either (RFC 5280 5.2.4: a delta CRL serves any
   * complete CRL whose number is at least its BaseCRLNumber).
   */
  static List<CrlSchedule.Newest> keptFulls(Connection c, UUID issuerId) throws SQLException {
    try (PreparedStatement query =
        c.prepareStatement(
            "select number, this_update, next_update, last_revocation_id from crl"
                + " where issuer_id = ? and not delta order by number desc limit 2")) {
      query.setObject(1, issuerId);
      List<CrlSchedule.Newest> kept = new ArrayList<>(2);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          kept.add(newest(row, 1));
        }
      }
      return kept;
    }
  }

  /** Takes the issuer's CRL lock for this transaction, unless another node holds it. */
  static boolean tryLock(Connection c, UUID issuerId) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_xact_lock(?, ?)")) {
      // The first key names what is locked (CRL generation), the second which issuer.
      lock.setInt(1, 0x43524c);
      lock.setInt(2, issuerId.hashCode());
      try (ResultSet row = lock.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    }
  }

  static long nextNumber(Connection c, UUID issuerId) throws SQLException {
    try (PreparedStatement query =
        c.prepareStatement("select coalesce(max(number), 0) + 1 from crl where issuer_id = ?")) {
      query.setObject(1, issuerId);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** Something that takes CRL entries one at a time. */
  interface Sink {
    void add(CrlWriter.Entry entry) throws IOException;
  }

  /**
   * The entries of a full CRL: every certificate revoked or on hold that has not expired by {@code
   * thisUpdate}.
   */
  static void fullEntries(Connection c, UUID issuerId, Instant thisUpdate, Sink sink)
      throws SQLException, IOException {
    try (PreparedStatement query =
        c.prepareStatement(
            "select serial, status, revoked_at, revocation_reason, invalidity_date"
                + " from certificate where issuer_id = ? and status in ('REVOKED', 'ON_HOLD')"
                + " and not_after >= ?")) {
      query.setFetchSize(FETCH);
      query.setObject(1, issuerId);
      query.setObject(2, time(thisUpdate));
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          sink.add(revoked(row, instant(row, 3)));
        }
      }
    }
  }

  /**
   * The entries of a delta CRL: every unexpired certificate of the issuer whose status changed
   * since the base CRL read the feed, as it stands now; a released hold is removeFromCRL, dated
   * when it changed last.
   */
  static void deltaEntries(
      Connection c, UUID issuerId, long baseRevocationId, Instant thisUpdate, Sink sink)
      throws SQLException, IOException {
    try (PreparedStatement query =
        c.prepareStatement(
            "select c.serial, c.status, c.revoked_at, c.revocation_reason, c.invalidity_date,"
                + " changed.at from certificate c join (select certificate_id, max(at) as at"
                + " from revocation where id > ? group by certificate_id) changed"
                + " on changed.certificate_id = c.id"
                + " where c.issuer_id = ? and c.not_after >= ?")) {
      query.setFetchSize(FETCH);
      query.setLong(1, baseRevocationId);
      query.setObject(2, issuerId);
      query.setObject(3, time(thisUpdate));
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          if (row.getString(2).equals("VALID")) {
            sink.add(
                new CrlWriter.Entry(serial(row), instant(row, 6), CrlWriter.REMOVE_FROM_CRL, null));
          } else {
            sink.add(revoked(row, instant(row, 3)));
          }
        }
      }
    }
  }

  private static CrlWriter.Entry revoked(ResultSet row, Instant revokedAt) throws SQLException {
    boolean hold = row.getString(2).equals("ON_HOLD");
    int reason = row.getInt(4);
    return new CrlWriter.Entry(
        serial(row), revokedAt, hold ? CrlWriter.CERTIFICATE_HOLD : reason, instant(row, 5));
  }

  private static BigInteger serial(ResultSet row) throws SQLException {
    return new BigInteger(row.getString(1), 16);
  }

  /** Records a CRL; returns its id. */
  static long insert(Connection c, Made crl) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "insert into crl (issuer_id, number, delta, base_number, this_update, next_update,"
                + " entries, size, last_revocation_id, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id")) {
      insert.setObject(1, crl.issuerId());
      insert.setLong(2, crl.number());
      insert.setBoolean(3, crl.baseNumber() != null);
      insert.setObject(4, crl.baseNumber());
      insert.setObject(5, time(crl.thisUpdate()));
      insert.setObject(6, time(crl.nextUpdate()));
      insert.setLong(7, crl.entries());
      insert.setLong(8, crl.size());
      insert.setLong(9, crl.lastRevocationId());
      insert.setObject(10, time(Instant.now()));
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /**
   * Deletes what is no longer served nor completed by a delta: everything older than the older of
   * the two newest full CRLs. Their chunks go with them.
   */
  static int prune(Connection c, UUID issuerId) throws SQLException {
    try (PreparedStatement delete =
        c.prepareStatement(
            "delete from crl where issuer_id = ? and number < (select min(number) from"
                + " (select number from crl where issuer_id = ? and not delta"
                + " order by number desc limit 2) kept)")) {
      delete.setObject(1, issuerId);
      delete.setObject(2, issuerId);
      return delete.executeUpdate();
    }
  }

  /** Writes what it is given into crl_chunk, one row per full chunk. */
  static final class ChunkOutput extends OutputStream {
    private final PreparedStatement insert;
    private final long crlId;
    private final byte[] chunk = new byte[CHUNK];
    private int used;
    private int no;

    ChunkOutput(Connection c, long crlId) throws SQLException {
      this.insert =
          c.prepareStatement("insert into crl_chunk (crl_id, no, bytes) values (?, ?, ?)");
      this.crlId = crlId;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0) {
        int taken = Math.min(length, CHUNK - used);
        System.arraycopy(bytes, offset, chunk, used, taken);
        used += taken;
        offset += taken;
        length -= taken;
        if (used == CHUNK) {
          store();
        }
      }
    }

    /** Stores the last, partial chunk and releases the statement. */
    @Override
    public void close() throws IOException {
      try {
        if (used > 0) {
          store();
        }
        insert.close();
      } catch (SQLException e) {
        throw new IOException(e);
      }
    }

    private void store() throws IOException {
      try {
        insert.setLong(1, crlId);
        insert.setInt(2, no++);
        insert.setBytes(3, used == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, used));
        insert.executeUpdate();
        used = 0;
      } catch (SQLException e) {
        throw new IOException("a CRL chunk could not be stored", e);
      }
    }
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
