package dev.pca.crypto;

import java.math.BigInteger;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** The key types a CA key may have, each with the signature algorithm it signs with by default. */
public enum KeySpec {
  EC_P256("EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA"),
  EC_P384("EC", new ECGenParameterSpec("secp384r1"), "SHA384withECDSA"),
  RSA_2048("RSA", rsa(2048), "SHA256withRSA"),
  RSA_3072("RSA", rsa(3072), "SHA256withRSA"),
  RSA_4096("RSA", rsa(4096), "SHA384withRSA");

  private final String algorithm;
  private final AlgorithmParameterSpec parameters;
  private final String signatureAlgorithm;

  KeySpec(String algorithm, AlgorithmParameterSpec parameters, String signatureAlgorithm) {
    this.algorithm = algorithm;
    this.parameters = parameters;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  private static AlgorithmParameterSpec rsa(int bits) {
    return new RSAKeyGenParameterSpec(bits, BigInteger.valueOf(65537));
  }

  public String algorithm() {
    return algorithm;
  }

  public AlgorithmParameterSpec parameters() {
    return parameters;
  }

  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }
}
