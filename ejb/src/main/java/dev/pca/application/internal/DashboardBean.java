package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.CaException;
import dev.pca.application.Dashboard;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Counts and weekly histograms straight from the tables in a few grouped queries, so that the
 * dashboard stays quick with many certificates. CRL and OCSP responder rows are read only where
 * their tables exist.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class DashboardBean implements Dashboard {
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration EXPIRING = Duration.ofDays(30);
  private static final int MAX_ISSUERS = 500;

  @PersistenceContext private EntityManager em;

  /**
   * Which repositories a summary counts: the one asked for, else those of a limited actor, else
   * all.
   */
  private record Among(UUID repository, Set<String> scope) {
    /** A condition on the repository column, empty when all count. */
    String and(String column) {
      if (repository != null) {
        return " and " + column + " = :repository";
      }
      return scope.isEmpty() ? "" : " and " + column + " in (" + Scope.REPOSITORY_IDS + ")";
    }

    Query bind(Query query) {
      if (repository != null) {
        query.setParameter("repository", repository);
      } else if (!scope.isEmpty()) {
        query.setParameter("scope", scope);
      }
      return query;
    }
  }

  @Override
  public Summary summary(Actor actor, UUID repositoryId) throws CaException {
    if (repositoryId != null) {
      Scope.require(actor, Lookups.repository(em, repositoryId));
    }
    Among among = new Among(repositoryId, actor.repositories());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new Summary(
        now,
        counts(among, now),
        weeks(among, now, true),
        weeks(among, now, false),
        health(among, now));
  }

  private Counts counts(Among among, Instant now) {
    Object[] owned =
        (Object[])
            query(
                    "select (select count(*) from repository r where 1 = 1"
                        + among.and("r.id")
                        + "), (select count(*) from issuer i where 1 = 1"
                        + among.and("i.repository_id")
                        + "), (select count(*) from template t where 1 = 1"
                        + among.and("t.repository_id")
                        + ")",
                    among)
                .getSingleResult();
    Object[] certificates =
        (Object[])
            query(
                    "select count(*) filter (where status = 'VALID' and not_after > :now),"
                        + " count(*) filter (where status = 'ON_HOLD'),"
                        + " count(*) filter (where status = 'REVOKED'),"
                        + " count(*) filter (where status = 'VALID' and not_after <= :now),"
                        + " count(*) filter (where status = 'VALID' and not_after > :now"
                        + " and not_after <= :soon)"
                        + " from certificate c where 1 = 1"
                        + among.and("c.repository_id"),
                    among)
                .setParameter("now", now)
                .setParameter("soon", now.plus(EXPIRING))
                .getSingleResult();
    return new Counts(
        number(owned[0]),
        number(owned[1]),
        number(owned[2]),
        number(certificates[0]),
        number(certificates[1]),
        number(certificates[2]),
        number(certificates[3]),
        number(certificates[4]));
  }

  /**
   * Valid certificates ending in each of the next weeks, or certificates made in each of the past
   * weeks (week 0 is the one ending now), oldest week first.
   */
  private List<Week> weeks(Among among, Instant now, boolean ahead) {
    String sql =
        ahead
            ? "select floor(extract(epoch from (c.not_after - :now)) / 604800), count(*)"
                + " from certificate c where c.status = 'VALID' and c.not_after > :now"
                + " and c.not_after <= :edge"
            : "select floor(extract(epoch from (:now - c.created_at)) / 604800), count(*)"
                + " from certificate c where c.created_at <= :now and c.created_at > :edge";
    Instant edge = ahead ? now.plus(WEEK.multipliedBy(WEEKS)) : now.minus(WEEK.multipliedBy(WEEKS));
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        query(sql + among.and("c.repository_id") + " group by 1", among)
            .setParameter("now", now)
            .setParameter("edge", edge)
            .getResultList();
    long[] counts = new long[WEEKS];
    for (Object[] row : rows) {
      int week = (int) Math.min(WEEKS - 1, Math.max(0, number(row[0])));
      counts[week] += number(row[1]);
    }
    List<Week> weeks = new ArrayList<>();
    for (int i = 0; i < WEEKS; i++) {
      weeks.add(
          ahead
              ? new Week(now.plus(WEEK.multipliedBy(i)), counts[i])
              : new Week(now.minus(WEEK.multipliedBy(WEEKS - i)), counts[WEEKS - 1 - i]));
    }
    return weeks;
  }

  private List<Health> health(Among among, Instant now) {
    @SuppressWarnings("unchecked")
    List<Object[]> issuers =
        query(
                "select i.id, i.label, r.name, i.enabled, r.crl_enabled, r.ocsp_enabled"
                    + " from issuer i join repository r on r.id = i.repository_id where 1 = 1"
                    + among.and("r.id")
                    + " order by r.name, i.created_at",
                among)
            .setMaxResults(MAX_ISSUERS)
            .getResultList();
    Map<UUID, Object[]> crls =
        exists("crl")
            ? byIssuer(
                "select distinct on (issuer_id) issuer_id, this_update, next_update from crl"
                    + " where delta = false order by issuer_id, number desc",
                null)
            : Map.of();
    Map<UUID, Object[]> responders =
        exists("ocsp_responder")
            ? byIssuer(
                "select issuer_id, max(not_after) from ocsp_responder"
                    + " where not_before <= :now and not_after > :now group by issuer_id",
                now)
            : Map.of();
    List<Health> health = new ArrayList<>();
    for (Object[] row : issuers) {
      UUID id = (UUID) row[0];
      Object[] crl = crls.get(id);
      Object[] responder = responders.get(id);
      health.add(
          new Health(
              id,
              (String) row[1],
              (String) row[2],
              (Boolean) row[3],
              (Boolean) row[4],
              crl == null ? null : NativeValues.instant(crl[1]),
              crl == null ? null : NativeValues.instant(crl[2]),
              (Boolean) row[5],
              responder == null ? null : NativeValues.instant(responder[1])));
    }
    return health;
  }

  /** Whether the table exists: the CRL and OCSP tables come with later migrations. */
  private boolean exists(String table) {
    return (Boolean)
        em.createNativeQuery("select to_regclass(:t) is not null")
            .setParameter("t", table)
            .getSingleResult();
  }

  private Map<UUID, Object[]> byIssuer(String sql, Instant now) {
    Query query = em.createNativeQuery(sql);
    if (now != null) {
      query.setParameter("now", now);
    }
    Map<UUID, Object[]> rows = new HashMap<>();
    for (Object row : query.getResultList()) {
      Object[] columns = (Object[]) row;
      rows.put((UUID) columns[0], columns);
    }
    return rows;
  }

  private Query query(String sql, Among among) {
    return among.bind(em.createNativeQuery(sql));
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }
}
