package dev.pca.ocsp;

import dev.pca.ocsp.IssuerContext.Standing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.operator.ContentSigner;

/**
 * The issuers this node knows, found by the issuer name and key hashes of a CertID (RFC 6960
 * section 4.1.1), for each hash a client may use. Read from the database every few seconds and on a
 * miss, so that a new issuer or a renewed responder certificate is picked up at once; only keys
 * named in {@code ocsp_responder} are ever loaded. One read runs at a time, so requests about
 * issuers nobody knows keep at most one query in flight.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960#section-4.1.1">RFC 6960 4.1.1</a>
 */
final class Issuers {
  private static final Logger LOG = Logger.getLogger(Issuers.class.getName());

  /** The CertID hash algorithms answered for, with their JDK names. */
  private static final Map<ASN1ObjectIdentifier, String> HASHES =
      Map.of(
          OIWObjectIdentifiers.idSHA1, "SHA-1",
          NISTObjectIdentifiers.id_sha256, "SHA-256",
          NISTObjectIdentifiers.id_sha384, "SHA-384",
          NISTObjectIdentifiers.id_sha512, "SHA-512");

  /** What the database says of one issuer, with its current responder certificate if any. */
  record Row(
      UUID id,
      String label,
      byte[] certificate,
      Instant notAfter,
      boolean ocspEnabled,
      Duration validity,
      String keyAlias,
      byte[] responder) {}

  /** Where the rows come from: the database, or a list in tests. */
  interface Source {
    List<Row> rows() throws Exception;
  }

  /** Where responder keys come from: the token, or software keys in tests. */
  interface Keys {
    /** The private key named {@code alias}, null when there is none. */
    PrivateKey privateKey(String alias) throws GeneralSecurityException;

    /** The provider that signs with those keys, null for the JDK's defaults. */
    Provider provider();
  }

  private final Source source;
  private final Keys keys;
  private final Clock clock;
  private final Map<UUID, List<String>> hashKeys = new ConcurrentHashMap<>();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private volatile Map<String, IssuerContext> byHash = Map.of();
  private volatile Map<UUID, IssuerContext> byId = Map.of();
  private final AtomicLong started = new AtomicLong();

  Issuers(Source source, Keys keys, Clock clock) {
    this.source = source;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * The issuer a CertID names, or null when this node knows none. A miss, or an issuer whose
   * responder is still being made, reads the database again first, unless a read that began after
   * the lookup has already been made: misses at the same time share one read, and an issuer made a
   * moment ago is never taken for an unknown one.
   */
  IssuerContext find(CertificateID id) throws Exception {
    String key = hashKey(id.getHashAlgOID(), id.getIssuerNameHash(), id.getIssuerKeyHash());
    long seen = started.get();
    IssuerContext found = byHash.get(key);
    if (found != null && found.standing() != Standing.PENDING) {
      return found;
    }
    synchronized (this) {
      if (started.get() == seen) {
        refresh();
      }
    }
    return byHash.get(key);
  }

  /** The issuer a CertID names as last read, or null; never reads the database. */
  IssuerContext known(CertificateID id) {
    return byHash.get(hashKey(id.getHashAlgOID(), id.getIssuerNameHash(), id.getIssuerKeyHash()));
  }

  /** Reads every issuer again; contexts that did not change stay, with their cached answers. */
  synchronized void refresh() throws Exception {
    started.incrementAndGet();
    List<Row> rows = source.rows();
    Instant now = clock.instant();
    Map<String, IssuerContext> hashes = new HashMap<>();
    Map<UUID, IssuerContext> ids = new HashMap<>();
    for (Row row : rows) {
      IssuerContext context = context(row, now);
      ids.put(row.id(), context);
      for (String key : hashKeys.computeIfAbsent(row.id(), id -> hashKeys(row.certificate()))) {
        // Two issuers with one name and key (a CA imported twice): the served one answers.
        hashes.merge(key, context, (a, b) -> a.standing() == Standing.SERVED ? a : b);
      }
    }
    byHash = Map.copyOf(hashes);
    byId = Map.copyOf(ids);
  }

  private IssuerContext context(Row row, Instant now) {
    if (!row.ocspEnabled() || !row.notAfter().isAfter(now)) {
      return IssuerContext.unserved(row.id(), row.label(), Standing.OFF);
    }
    if (row.keyAlias() == null) {
      return IssuerContext.unserved(row.id(), row.label(), Standing.PENDING);
    }
    IssuerContext known = byId.get(row.id());
    if (known != null
        && known.standing() == Standing.SERVED
        && row.keyAlias().equals(known.keyAlias())
        && row.validity().equals(known.validity())) {
      return known;
    }
    try {
      PrivateKey key = keys.privateKey(row.keyAlias());
      if (key == null) {
        report(row, "its responder key " + row.keyAlias() + " is not on this node's token", null);
        return IssuerContext.unserved(row.id(), row.label(), Standing.OFF);
      }
      X509CertificateHolder responder = new X509CertificateHolder(row.responder());
      IssuerContext served =
          IssuerContext.served(
              row.id(),
              row.label(),
              row.validity(),
              row.keyAlias(),
              responder,
              key,
              keys.provider());
      verifyFirstSignature(served);
      LOG.info(() -> "answering OCSP for " + row.label() + " with key " + row.keyAlias());
      return served;
    } catch (Exception e) {
      report(row, "its responder key " + row.keyAlias() + " cannot sign", e);
      return IssuerContext.unserved(row.id(), row.label(), Standing.OFF);
    }
  }

  /** The key signs, and what it signs verifies with the responder certificate's public key. */
  private static void verifyFirstSignature(IssuerContext context) throws Exception {
    byte[] probe = ("PCA OCSP " + context.keyAlias()).getBytes(StandardCharsets.UTF_8);
    ContentSigner signer = context.signer();
    signer.getOutputStream().write(probe);
    byte[] signature = signer.getSignature();
    Signature check = Signature.getInstance(context.algorithm());
    check.initVerify(new JcaX509CertificateConverter().getCertificate(context.responder()));
    check.update(probe);
    if (!check.verify(signature)) {
      throw new GeneralSecurityException("the signature does not verify with the certificate");
    }
  }

  private void report(Row row, String problem, Exception cause) {
    if (reported.add(row.keyAlias())) {
      LOG.log(Level.WARNING, "not answering OCSP for " + row.label() + ": " + problem, cause);
    }
  }

  /** The lookup keys of an issuer certificate: one per CertID hash algorithm. */
  static List<String> hashKeys(byte[] certificate) {
    try {
      X509CertificateHolder issuer = new X509CertificateHolder(certificate);
      byte[] name = issuer.getSubject().getEncoded();
      byte[] key = issuer.getSubjectPublicKeyInfo().getPublicKeyData().getBytes();
      return HASHES.entrySet().stream()
          .map(
              hash ->
                  hashKey(
                      hash.getKey(), digest(hash.getValue(), name), digest(hash.getValue(), key)))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("a stored issuer certificate does not parse", e);
    }
  }

  static String hashKey(ASN1ObjectIdentifier algorithm, byte[] nameHash, byte[] keyHash) {
    HexFormat hex = HexFormat.of();
    return algorithm.getId() + '/' + hex.formatHex(nameHash) + '/' + hex.formatHex(keyHash);
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has " + algorithm, e);
    }
  }
}
