package dev.pca.crypto.x509;

import dev.pca.crypto.x509.CsrException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Which public keys and signature algorithms this CA accepts, for requests and certificates. */
final class PublicKeys {
  static final String RSA = "RSA";
  static final String EC = "EC";
  static final String ED25519 = "Ed25519";

  private static final int RSA_MIN_BITS = 2048;
  private static final int RSA_MAX_BITS = 16384;
  private static final BigInteger F4 = BigInteger.valueOf(65537);

  /**
   * The odd primes below 752, in groups whose product fits an int: the CA/Browser Forum's Baseline
   * Requirements (6.1.6) ask that an RSA modulus have no factor smaller than 752, and one
   * single-word division per group tells (a gcd with the product of them all costs ten times more).
   */
  private static final List<PrimeGroup> SMALL_PRIMES = smallPrimes(752);

  /** Primes and their product, made once. */
  private record PrimeGroup(BigInteger product, int[] primes) {}

  private static final Map<ASN1ObjectIdentifier, Integer> CURVES =
      Map.of(
          SECObjectIdentifiers.secp256r1, 256,
          SECObjectIdentifiers.secp384r1, 384,
          SECObjectIdentifiers.secp521r1, 521);

  /** SHA-2 only: MD5 and SHA-1 signatures are refused. */
  private static final Map<ASN1ObjectIdentifier, String> SIGNATURES =
      Map.of(
          PKCSObjectIdentifiers.sha256WithRSAEncryption, RSA,
          PKCSObjectIdentifiers.sha384WithRSAEncryption, RSA,
          PKCSObjectIdentifiers.sha512WithRSAEncryption, RSA,
          X9ObjectIdentifiers.ecdsa_with_SHA256, EC,
          X9ObjectIdentifiers.ecdsa_with_SHA384, EC,
          X9ObjectIdentifiers.ecdsa_with_SHA512, EC,
          EdECObjectIdentifiers.id_Ed25519, ED25519);

  private static final Set<ASN1ObjectIdentifier> PSS_HASHES =
      Set.of(
          NISTObjectIdentifiers.id_sha256,
          NISTObjectIdentifiers.id_sha384,
          NISTObjectIdentifiers.id_sha512);

  /** What a key is: its algorithm and its size in bits (the curve's field size for EC). */
  record KeyFacts(String algorithm, int bits) {}

  private PublicKeys() {}

  /** The key's facts, or a {@link CsrException} saying why the CA will not certify it. */
  static KeyFacts inspect(SubjectPublicKeyInfo key) throws CsrException {
    ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
    try {
      if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
        return rsa(key);
      }
      if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
        return ec(key);
      }
      if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
        return ed25519(key);
      }
    } catch (IOException | RuntimeException e) {
      throw new CsrException(Reason.MALFORMED, "the public key is malformed", e);
    }
    throw new CsrException(Reason.UNSUPPORTED_KEY, "only RSA, EC and Ed25519 keys are accepted");
  }

  private static KeyFacts rsa(SubjectPublicKeyInfo key) throws IOException, CsrException {
    RSAPublicKey rsa = RSAPublicKey.getInstance(key.parsePublicKey());
    BigInteger modulus = rsa.getModulus();
    BigInteger exponent = rsa.getPublicExponent();
    int bits = modulus.bitLength();
    if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
      throw new CsrException(Reason.WEAK_KEY, "RSA keys have 2048 to 16384 bits, not " + bits);
    }
    if (modulus.signum() <= 0 || !modulus.testBit(0)) {
      throw new CsrException(Reason.WEAK_KEY, "the RSA modulus is not a product of odd primes");
    }
    if (hasSmallFactor(modulus)) {
      throw new CsrException(Reason.WEAK_KEY, "the RSA modulus has a prime factor below 752");
    }
    if (exponent.compareTo(F4) < 0 || !exponent.testBit(0) || exponent.compareTo(modulus) >= 0) {
      throw new CsrException(Reason.WEAK_KEY, "the RSA public exponent must be odd and >= 65537");
    }
    return new KeyFacts(RSA, bits);
  }

  private static boolean hasSmallFactor(BigInteger modulus) {
    for (PrimeGroup group : SMALL_PRIMES) {
      int remainder = modulus.remainder(group.product()).intValue();
      for (int prime : group.primes()) {
        if (remainder % prime == 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<PrimeGroup> smallPrimes(int below) {
    List<PrimeGroup> groups = new ArrayList<>();
    List<Integer> group = new ArrayList<>();
    long product = 1;
    for (int n = 3; n < below; n += 2) {
      if (!BigInteger.valueOf(n).isProbablePrime(64)) {
        continue;
      }
      if (product * n > Integer.MAX_VALUE) {
        groups.add(grouped(product, group));
        group.clear();
        product = 1;
      }
      group.add(n);
      product *= n;
    }
    groups.add(grouped(product, group));
    return List.copyOf(groups);
  }

  private static PrimeGroup grouped(long product, List<Integer> primes) {
    return new PrimeGroup(
        BigInteger.valueOf(product), primes.stream().mapToInt(Integer::intValue).toArray());
  }

  private static KeyFacts ec(SubjectPublicKeyInfo key) throws CsrException {
    ASN1Encodable parameters = key.getAlgorithm().getParameters();
    if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
      throw new CsrException(
          Reason.UNSUPPORTED_KEY, "EC keys must name their curve: explicit parameters are refused");
    }
    Integer bits = CURVES.get(curve);
    if (bits == null) {
      throw new CsrException(Reason.UNSUPPORTED_KEY, "EC keys must be on P-256, P-384 or P-521");
    }
    byte[] point = key.getPublicKeyData().getOctets();
    // RFC 5480 2.2: implementations "MUST support the uncompressed form and MAY support the
    // compressed form"; the JDK only reads the uncompressed one.
    if (point.length > 0 && (point[0] == 0x02 || point[0] == 0x03)) {
      throw new CsrException(Reason.UNSUPPORTED_KEY, "compressed EC points are not accepted");
    }
    // Throws when the point is not on the curve: such a key is no key.
    ECNamedCurveTable.getByOID(curve).getCurve().decodePoint(point);
    return new KeyFacts(EC, bits);
  }

  private static KeyFacts ed25519(SubjectPublicKeyInfo key) throws CsrException {
    // RFC 8410 3: "For all of the OIDs, the parameters MUST be absent."
    if (key.getAlgorithm().getParameters() != null
        || key.getPublicKeyData().getOctets().length != 32) {
      throw new CsrException(Reason.MALFORMED, "the Ed25519 key is malformed");
    }
    return new KeyFacts(ED25519, 255);
  }

  /** "RSA", "EC" or "Ed25519" for those keys, else the key algorithm's OID. */
  static String keyAlgorithm(SubjectPublicKeyInfo key) {
    ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
    if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      return RSA;
    }
    if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      return EC;
    }
    return algorithm.equals(EdECObjectIdentifiers.id_Ed25519) ? ED25519 : algorithm.getId();
  }

  /**
   * The key algorithm ("RSA", "EC", "Ed25519") that makes signatures of {@code signature}, or empty
   * when the CA does not accept that signature algorithm (MD5, SHA-1, anything unknown).
   */
  static Optional<String> signatureKeyAlgorithm(AlgorithmIdentifier signature) {
    ASN1ObjectIdentifier oid = signature.getAlgorithm();
    if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
      return acceptedPss(signature.getParameters()) ? Optional.of(RSA) : Optional.empty();
    }
    return Optional.ofNullable(SIGNATURES.get(oid));
  }

  /** RSASSA-PSS with SHA-2 for both the message and MGF1; absent parameters would mean SHA-1. */
  private static boolean acceptedPss(ASN1Encodable parameters) {
    if (parameters == null) {
      return false;
    }
    try {
      RSASSAPSSparams pss = RSASSAPSSparams.getInstance(parameters);
      AlgorithmIdentifier mgf = pss.getMaskGenAlgorithm();
      return PSS_HASHES.contains(pss.getHashAlgorithm().getAlgorithm())
          && mgf.getAlgorithm().equals(PKCSObjectIdentifiers.id_mgf1)
          && PSS_HASHES.contains(
              AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm());
    } catch (RuntimeException e) {
      return false;
    }
  }
}
