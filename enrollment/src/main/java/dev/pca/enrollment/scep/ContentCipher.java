package dev.pca.enrollment.scep;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;

/**
 * The content-encryption algorithms of a pkcsPKIEnvelope this server reads. "Implementations MAY
 * support ... the triple DES-CBC and SHA-1 algorithms" and "MUST NOT support the obsolete and/or
 * insecure single DES": both DES variants are read only for a profile that allows the legacy
 * algorithms, for old clients (micromdm's scepclient still hard-codes single DES).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-3.5.2">RFC 8894 section 3.5.2</a>
 */
public enum ContentCipher {
  AES_128_CBC(NISTObjectIdentifiers.id_aes128_CBC, "AES", 16, false),
  AES_192_CBC(NISTObjectIdentifiers.id_aes192_CBC, "AES", 24, false),
  AES_256_CBC(NISTObjectIdentifiers.id_aes256_CBC, "AES", 32, false),
  DES_EDE3_CBC(PKCSObjectIdentifiers.des_EDE3_CBC, "DESede", 24, true),
  DES_CBC(OIWObjectIdentifiers.desCBC, "DES", 8, true);

  private final ASN1ObjectIdentifier oid;
  private final String jceName;
  private final int keyBytes;
  private final boolean legacy;

  ContentCipher(ASN1ObjectIdentifier oid, String jceName, int keyBytes, boolean legacy) {
    this.oid = oid;
    this.jceName = jceName;
    this.keyBytes = keyBytes;
    this.legacy = legacy;
  }

  public ASN1ObjectIdentifier oid() {
    return oid;
  }

  public boolean legacy() {
    return legacy;
  }

  /** The cipher of an algorithm identifier; empty for any other (RC2, GCM, ...). */
  public static Optional<ContentCipher> of(ASN1ObjectIdentifier oid) {
    return Arrays.stream(values()).filter(cipher -> cipher.oid.equals(oid)).findFirst();
  }

  /**
   * The cipher of the reply to a request sealed with this one: the same AES, and AES-128 (what the
   * "AES" capability promises) for the legacy ones, as this server never writes DES.
   */
  public ContentCipher reply() {
    return legacy ? AES_128_CBC : this;
  }

  /** CBC decryption with PKCS#5 padding, as CMS pads; a wrong key or padding throws. */
  byte[] decrypt(byte[] key, byte[] iv, byte[] encrypted) throws GeneralSecurityException {
    if (key.length != keyBytes) {
      throw new GeneralSecurityException(
          "a " + name() + " key has " + keyBytes + " bytes, not " + key.length);
    }
    Cipher cipher = Cipher.getInstance(jceName + "/CBC/PKCS5Padding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, jceName), new IvParameterSpec(iv));
    return cipher.doFinal(encrypted);
  }
}
