package dev.pca.crypto.x509;

import dev.pca.crypto.x509.CsrException.Reason;
import dev.pca.crypto.x509.PublicKeys.KeyFacts;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcRSAContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * A PKCS#10 certificate request that has passed the CA's checks: well formed, a key the CA will
 * certify, and no extension request it must refuse. The requested extensions other than the
 * subjectAltName are ignored: the template decides them. The signature is checked apart, by {@link
 * #verifyProofOfPossession}, so that it can run on the token's provider.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2986">RFC 2986</a>
 */
public final class Csr {
  static final int MAX_SIZE = 64 * 1024;

  private final byte[] encoded;
  private final PKCS10CertificationRequest request;
  private final KeyFacts key;
  private final List<GeneralName> requestedSans;

  private Csr(
      byte[] encoded,
      PKCS10CertificationRequest request,
      KeyFacts key,
      List<GeneralName> requestedSans) {
    this.encoded = encoded;
    this.request = request;
    this.key = key;
    this.requestedSans = requestedSans;
  }

  /** Reads DER or PEM ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST"), 64 KiB at most. */
  public static Csr parse(byte[] input) throws CsrException {
    if (input == null || input.length == 0) {
      throw new CsrException(Reason.MALFORMED, "the request is empty");
    }
    if (input.length > MAX_SIZE) {
      throw new CsrException(Reason.TOO_LARGE, "the request is larger than 64 KiB");
    }
    byte[] der;
    try {
      der = Pem.decode(input, Pem.CERTIFICATE_REQUEST);
    } catch (IOException e) {
      throw new CsrException(Reason.MALFORMED, "not one PEM certificate request", e);
    }
    PKCS10CertificationRequest request = request(der);
    KeyFacts key = PublicKeys.inspect(request.getSubjectPublicKeyInfo());
    return new Csr(der.clone(), request, key, extensionRequest(request));
  }

  private static PKCS10CertificationRequest request(byte[] der) throws CsrException {
    try {
      // fromByteArray refuses bytes after the first object.
      CertificationRequest request =
          CertificationRequest.getInstance(ASN1Primitive.fromByteArray(der));
      if (!request.getCertificationRequestInfo().getVersion().hasValue(0)) {
        throw new CsrException(Reason.MALFORMED, "the request is not PKCS#10 version 1");
      }
      return new PKCS10CertificationRequest(request);
    } catch (IOException | RuntimeException e) {
      throw new CsrException(Reason.MALFORMED, "not a PKCS#10 certificate request", e);
    }
  }

  /**
   * The subjectAltName names of the extensionRequest attribute (RFC 2985 5.4.2), after refusing a
   * request to be a CA and repeated extensions (RFC 5280 4.2: "A certificate MUST NOT include more
   * than one instance of a particular extension.").
   */
  private static List<GeneralName> extensionRequest(PKCS10CertificationRequest request)
      throws CsrException {
    Set<ASN1ObjectIdentifier> seen = new HashSet<>();
    List<GeneralName> sans = new ArrayList<>();
    try {
      for (Attribute attribute :
          request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
        for (ASN1Encodable value : attribute.getAttrValues()) {
          for (ASN1Encodable element : ASN1Sequence.getInstance(value)) {
            Extension extension = Extension.getInstance(element);
            if (!seen.add(extension.getExtnId())) {
              throw new CsrException(
                  Reason.BAD_EXTENSION, "extension " + extension.getExtnId() + " is repeated");
            }
            read(extension, sans);
          }
        }
      }
    } catch (RuntimeException e) {
      throw new CsrException(Reason.BAD_EXTENSION, "the extension request is malformed", e);
    }
    return List.copyOf(sans);
  }

  private static void read(Extension extension, List<GeneralName> sans) throws CsrException {
    if (extension.getExtnId().equals(Extension.basicConstraints)
        && BasicConstraints.getInstance(extension.getParsedValue()).isCA()) {
      throw new CsrException(Reason.BAD_EXTENSION, "a request cannot ask to be a CA");
    }
    if (extension.getExtnId().equals(Extension.subjectAlternativeName)) {
      sans.addAll(List.of(GeneralNames.getInstance(extension.getParsedValue()).getNames()));
    }
  }

  /**
   * Checks the request's self-signature: the requester holds the private key. SHA-2 RSA (PKCS#1
   * v1.5 or PSS), ECDSA and Ed25519 are accepted; MD5 and SHA-1 are not.
   *
   * @param provider the provider to verify with, such as the token's SunPKCS11 for speed; null for
   *     the JDK's providers, which are also used when {@code provider} cannot do the algorithm
   */
  public void verifyProofOfPossession(Provider provider) throws CsrException {
    AlgorithmIdentifier algorithm = request.getSignatureAlgorithm();
    String signer =
        PublicKeys.signatureKeyAlgorithm(algorithm)
            .orElseThrow(
                () ->
                    new CsrException(
                        Reason.BAD_SIGNATURE, "the signature algorithm is not accepted"));
    if (!signer.equals(key.algorithm())) {
      throw new CsrException(Reason.BAD_SIGNATURE, "the signature algorithm does not fit the key");
    }
    // A provider that says no is asked again in software: a token may lack the algorithm.
    if (!(provider != null && verifies(provider)) && !verifies(null)) {
      throw new CsrException(Reason.BAD_SIGNATURE, "the signature does not verify");
    }
  }

  private boolean verifies(Provider provider) {
    try {
      return request.isSignatureValid(verifierProvider(provider));
    } catch (OperatorCreationException | PKCSException | RuntimeException e) {
      return false;
    }
  }

  private ContentVerifierProvider verifierProvider(Provider provider)
      throws OperatorCreationException {
    if (provider == null
        && (key.algorithm().equals("EC") || key.algorithm().equals("RSA"))
        && !request
            .getSignatureAlgorithm()
            .getAlgorithm()
            .equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
      // Bouncy Castle's own EC and RSA code, without a JCA provider: for CSR checks it is several
      // times faster than the JDK's EC here, and needs no object on a token.
      var digests = new DefaultDigestAlgorithmIdentifierFinder();
      try {
        if (key.algorithm().equals("EC")) {
          return new BcECContentVerifierProviderBuilder(digests)
              .build(PublicKeyFactory.createKey(publicKeyInfo()));
        }
        // PublicKeys.inspect has checked the modulus (size, odd, no factor below 752). Bouncy
        // Castle's own validation would add a Miller-Rabin test that it is not prime: a modular
        // exponentiation as costly as an RSA signature, on every request.
        RSAPublicKey rsa = RSAPublicKey.getInstance(publicKeyInfo().parsePublicKey());
        return new BcRSAContentVerifierProviderBuilder(digests)
            .build(new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent(), true));
      } catch (IOException e) {
        throw new OperatorCreationException("the public key cannot be read", e);
      }
    }
    PublicKey publicKey = publicKey();
    if (request
        .getSignatureAlgorithm()
        .getAlgorithm()
        .equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
      return new PssVerifierProvider(publicKey, provider);
    }
    JcaContentVerifierProviderBuilder builder = new JcaContentVerifierProviderBuilder();
    if (provider != null) {
      builder.setProvider(provider);
    }
    return builder.build(publicKey);
  }

  /**
   * The key as a JDK key. BC would look up the KeyFactory by the key's OID, under which the JDK's
   * SunEC does not register EC.
   */
  private PublicKey publicKey() throws OperatorCreationException {
    try {
      return KeyFactory.getInstance(key.algorithm())
          .generatePublic(new X509EncodedKeySpec(publicKeyInfo().getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new OperatorCreationException("the public key cannot be read", e);
    }
  }

  public X500Name subject() {
    return request.getSubject();
  }

  public SubjectPublicKeyInfo publicKeyInfo() {
    return request.getSubjectPublicKeyInfo();
  }

  /** "RSA", "EC" or "Ed25519". */
  public String keyAlgorithm() {
    return key.algorithm();
  }

  /** The RSA modulus size, the EC field size (256, 384, 521), or 255 for Ed25519. */
  public int keyBits() {
    return key.bits();
  }

  /** The subjectAltName names the requester asked for; empty when none. */
  public List<GeneralName> requestedSans() {
    return requestedSans;
  }

  /** The DER of the request (also when it was read from PEM). */
  public byte[] encoded() {
    return encoded.clone();
  }
}
