package dev.pca.application.internal;

import dev.pca.application.CaException;
import dev.pca.crypto.KeySpec;
import dev.pca.crypto.x509.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads an existing CA's certificate and private key (PEM, or PKCS#12) and checks they belong
 * together, before the key goes onto the token. Nothing here is kept.
 */
final class CaImport {
  /** A CA certificate with its private key. */
  record Material(X509CertificateHolder certificate, PrivateKey key, KeySpec spec) {}

  private CaImport() {}

  static Material read(String certificatePem, String keyPem, String pkcs12, String password)
      throws CaException {
    Material material;
    if (pkcs12 != null) {
      material = fromPkcs12(pkcs12, password);
    } else if (certificatePem != null && keyPem != null) {
      material = withSpec(parseCertificate(certificatePem), parseKey(keyPem, password));
    } else {
      throw invalid("give the CA certificate and its private key as PEM, or a PKCS#12");
    }
    requireMatch(material);
    return material;
  }

  private static Material fromPkcs12(String base64, String password) throws CaException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      char[] secret = password == null ? new char[0] : password.toCharArray();
      store.load(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)), secret);
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          var certificate = (X509Certificate) store.getCertificate(alias);
          return withSpec(
              new X509CertificateHolder(certificate.getEncoded()),
              (PrivateKey) store.getKey(alias, secret));
        }
      }
      throw invalid("the PKCS#12 holds no private key");
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw invalid("the PKCS#12 cannot be read with this password");
    }
  }

  private static X509CertificateHolder parseCertificate(String pem) throws CaException {
    try {
      return Pem.parseCertificate(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw invalid("the CA certificate is not one PEM certificate");
    }
  }

  private static PrivateKey parseKey(String pem, String password) throws CaException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted && password != null) {
        return converter.getPrivateKey(
            encrypted.decryptPrivateKeyInfo(
                new JceOpenSSLPKCS8DecryptorProviderBuilder().build(password.toCharArray())));
      }
      throw invalid("the private key is not an unencrypted or PKCS#8-encrypted PEM key");
    } catch (IOException
        | org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.pkcs.PKCSException e) {
      throw invalid("the private key cannot be read (wrong password?)");
    }
  }

  private static Material withSpec(X509CertificateHolder certificate, PrivateKey key)
      throws CaException {
    var publicKey = Signing.x509(certificate).getPublicKey();
    KeySpec spec;
    if (publicKey instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      spec = bits == 256 ? KeySpec.EC_P256 : bits == 384 ? KeySpec.EC_P384 : null;
    } else if (publicKey instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      spec =
          bits == 2048
              ? KeySpec.RSA_2048
              : bits == 3072 ? KeySpec.RSA_3072 : bits == 4096 ? KeySpec.RSA_4096 : null;
    } else {
      spec = null;
    }
    if (spec == null) {
      throw invalid("CA keys are RSA 2048/3072/4096 or EC P-256/P-384");
    }
    return new Material(certificate, sameKind(key, publicKey.getAlgorithm()), spec);
  }

  /**
   * The key as the JDK's own factory for the certificate's algorithm makes it, whatever parser read
   * it ("ECDSA" and "EC" are the same key), so that the token takes the pair.
   */
  private static PrivateKey sameKind(PrivateKey key, String algorithm) throws CaException {
    try {
      return KeyFactory.getInstance(algorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw invalid("the private key does not belong to the CA certificate");
    }
  }

  /** The key must make signatures that the certificate's public key verifies. */
  private static void requireMatch(Material material) throws CaException {
    try {
      byte[] probe = "pca import check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      String algorithm = material.spec().signatureAlgorithm();
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(material.key());
      signer.update(probe);
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(Signing.x509(material.certificate()).getPublicKey());
      verifier.update(probe);
      if (!verifier.verify(signer.sign())) {
        throw invalid("the private key does not belong to the CA certificate");
      }
    } catch (GeneralSecurityException e) {
      throw invalid("the private key does not belong to the CA certificate");
    }
  }

  private static CaException invalid(String message) {
    return new CaException(CaException.Reason.INVALID, message);
  }
}
