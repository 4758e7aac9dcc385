package dev.pca.ocsp;

import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Everything the responder reads, and all it does with the database: issuers with their current
 * responder certificates, certificate statuses, and the revocation feed. Reads only, so a node of
 * its own needs no more than SELECT on issuer, repository, ocsp_responder, certificate and
 * revocation.
 */
final class Database implements Issuers.Source, Responder.Statuses, RevocationFeed.Source {
  /** Each issuer with its repository's OCSP settings and its newest current responder, if any. */
  private static final String ISSUERS =
      """
      select i.id, i.label, i.certificate, i.not_after, r.ocsp_enabled, r.ocsp_validity_seconds,
             o.key_alias, o.certificate
        from issuer i
        join repository r on r.id = i.repository_id
        left join lateral (
          select key_alias, certificate from ocsp_responder o
           where o.issuer_id = i.id and o.not_before <= now() and o.not_after > now()
           order by o.not_after desc, o.created_at desc
           limit 1) o on true
      """;

  private static final String STATUSES =
      """
      select serial, status, revocation_reason, revoked_at, invalidity_date
        from certificate
       where issuer_id = ? and serial = any (?)
      """;

  private static final String CHANGES =
      """
      select r.id, c.issuer_id, c.serial
        from revocation r
        join certificate c on c.id = r.certificate_id
       where r.id > ?
       order by r.id
       limit ?
      """;

  private final DataSource dataSource;

  Database(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<Issuers.Row> rows() throws SQLException {
    List<Issuers.Row> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(ISSUERS);
        ResultSet row = query.executeQuery()) {
      while (row.next()) {
        rows.add(
            new Issuers.Row(
                row.getObject(1, UUID.class),
                row.getString(2),
                row.getBytes(3),
                instant(row, 4),
                row.getBoolean(5),
                Duration.ofSeconds(row.getInt(6)),
                row.getString(7),
                row.getBytes(8)));
      }
    }
    return rows;
  }

  @Override
  public List<Status> of(UUID issuer, List<BigInteger> serials) throws SQLException {
    Map<String, Status> found = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(STATUSES)) {
      Array hex =
          connection.createArrayOf(
              "varchar", serials.stream().map(serial -> serial.toString(16)).toArray());
      query.setObject(1, issuer);
      query.setArray(2, hex);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          found.put(row.getString(1), status(row));
        }
      }
    }
    return serials.stream()
        .map(serial -> found.getOrDefault(serial.toString(16), Status.UNKNOWN))
        .toList();
  }

  /** VALID is good; REVOKED and ON_HOLD are revoked, a hold with reason certificateHold. */
  private static Status status(ResultSet row) throws SQLException {
    String status = row.getString(2);
    if (status.equals("VALID")) {
      return Status.GOOD;
    }
    int reason =
        status.equals("ON_HOLD")
            ? Status.CERTIFICATE_HOLD
            : row.getObject(3) == null ? 0 : row.getInt(3);
    return Status.revoked(instant(row, 4), reason, instant(row, 5));
  }

  @Override
  public long newest() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("select coalesce(max(id), 0) from revocation");
        ResultSet row = query.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  @Override
  public List<RevocationFeed.Change> after(long id, int limit) throws SQLException {
    List<RevocationFeed.Change> changes = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(CHANGES)) {
      query.setLong(1, id);
      query.setInt(2, limit);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          changes.add(
              new RevocationFeed.Change(
                  row.getLong(1),
                  row.getObject(2, UUID.class),
                  new BigInteger(row.getString(3), 16)));
        }
      }
    }
    return changes;
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }
}
