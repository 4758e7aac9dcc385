package dev.pca.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class CertificateFieldsTest {
  @Test
  void of_decodesNamesKeyAndExtensions_unknownOnesByOid() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=www.example.com,O=Example");
    byte[] der =
        new JcaX509v3CertificateBuilder(
                name,
                new BigInteger("0a1b2c", 16),
                new Date(1_700_000_000_000L),
                new Date(1_800_000_000_000L),
                name,
                keys.getPublic())
            .addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(
                    new GeneralName[] {
                      new GeneralName(GeneralName.dNSName, "www.example.com"),
                      new GeneralName(GeneralName.iPAddress, "10.0.0.1")
                    }))
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
            .addExtension(new ASN1ObjectIdentifier("1.2.3.4"), true, new DERUTF8String("x"))
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
            .getEncoded();

    Map<String, String> fields = new LinkedHashMap<>();
    CertificateFields.of(der).forEach(f -> fields.put(f.key(), f.value()));

    assertThat(fields)
        .containsEntry("field.serial", "a1b2c")
        .containsEntry("field.subject", "CN=www.example.com,O=Example")
        .containsEntry("field.publicKey", "EC prime256v1")
        .containsEntry("field.sans", "DNS:www.example.com, IP:10.0.0.1")
        .containsEntry("field.basicConstraints", "not a CA")
        .containsEntry("field.keyUsage", "digitalSignature, keyEncipherment")
        .containsEntry("field.extendedKeyUsage", "TLS server")
        .containsEntry("field.otherExtensions", "1.2.3.4 (critical)")
        .containsKeys("field.sha256", "field.sha1");
    assertThat(CertificateFields.summary(der).serial()).isEqualTo("a1b2c");
  }
}
