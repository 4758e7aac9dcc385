package dev.pca.system.est;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.ca.Api;
import dev.pca.system.ca.CaFixture;
import dev.pca.system.ca.Clients;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.Store;

/**
 * What the EST tests share: a CA made through REST as the CA tests make theirs (P-256 root and
 * intermediate, a template for devices), EST profiles on it, devices' keys and CSRs, and the
 * server's TLS certificate, which every client here pins: the stack made it self-signed at
 * provisioning and wrote it to {@code .stack/wildfly/tls-server.pem}. No client skips the check of
 * the server's certificate or of its name.
 */
final class EstFixture {
  static final String AUTHORITY = System.getProperty("pca.est.authority", "127.0.0.1:8443");
  static final String BASE = "https://" + AUTHORITY + "/.well-known/est";

  private EstFixture() {}

  /** An EST profile as made; the password only for HTTP_BASIC ones. */
  record Profile(CaFixture.Ca ca, String id, String label, String username, String password) {
    String url(String operation) {
      return BASE + "/" + label + "/" + operation;
    }
  }

  /** A P-256 root and intermediate, and a template that takes what devices ask. */
  static CaFixture.Ca newCa() {
    CaFixture.Ca ca = CaFixture.newCa("EC_P256", true, false);
    JsonObject template = CaFixture.template(ca.repositoryId(), deviceSpec());
    return new CaFixture.Ca(ca.repositoryId(), ca.root(), ca.intermediate(), template);
  }

  /** Devices under example.com with a CN that is their name, for TLS client authentication. */
  static JsonObject deviceSpec() {
    return CaFixture.spec(
        limits ->
            limits
                .add("allowedKeys", CaFixture.keys("EC", 256, "RSA", 2048))
                .add("cnMustBeSan", false)
                .add("csrSubjectFields", CaFixture.strings("CN", "O")),
        settings ->
            settings
                .add("keyUsage", CaFixture.strings("DIGITAL_SIGNATURE"))
                .add("extendedKeyUsage", CaFixture.strings("TLS_CLIENT"))
                .add("subjectDefaults", Json.createArrayBuilder()));
  }

  static Profile basicProfile(CaFixture.Ca ca, boolean manualApproval) {
    return profile(ca, "HTTP_BASIC", "device", manualApproval);
  }

  static Profile certificateProfile(CaFixture.Ca ca) {
    return profile(ca, "CLIENT_CERTIFICATE", null, false);
  }

  private static Profile profile(
      CaFixture.Ca ca, String authentication, String username, boolean manualApproval) {
    String label = "est-" + Api.suffix().toLowerCase(Locale.ROOT);
    JsonObject created =
        CaFixture.enrollmentProfile(
            ca,
            CaFixture.enrollmentDraft(
                label,
                ca.intermediateId(),
                ca.templateId(),
                "EST",
                authentication,
                username,
                manualApproval,
                false));
    return new Profile(
        ca,
        created.getJsonObject("profile").getString("id"),
        label,
        username,
        created.getString("secret", null));
  }

  /** Switches the profile on or off, as an administrator. */
  static void enable(Profile profile, boolean enabled) {
    Api.expect(
        Api.put(
            Clients.admin(),
            "/enrollment-profiles/" + profile.id() + "/enabled",
            "{\"enabled\":" + enabled + "}"),
        200);
  }

  /** Approves, as an operator, the one pending request of the profile. */
  static void approve(Profile profile) {
    List<JsonObject> pending =
        Api.expect(
                Api.get(
                    Clients.operator(),
                    "/repositories/"
                        + profile.ca().repositoryId()
                        + "/enrollment-requests?status=PENDING"),
                200)
            .array()
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(request -> profile.id().equals(request.getString("profileId")))
            .toList();
    assertThat(pending).as("pending requests of %s", profile.label()).hasSize(1);
    Api.expect(
        Api.post(
            Clients.operator(),
            "/enrollment-requests/" + pending.get(0).getString("id") + "/approve",
            ""),
        200);
  }

  /** Revokes the certificate for key compromise, as an operator. */
  static void revoke(CaFixture.Ca ca, X509Certificate certificate) {
    String serial = certificate.getSerialNumber().toString(16);
    JsonObject found =
        Api.expect(
                Api.get(
                    Clients.operator(),
                    "/certificates?issuerId=" + ca.intermediateId() + "&q=" + serial),
                200)
            .json();
    assertThat(found.getJsonArray("items")).as("certificates of serial %s", serial).hasSize(1);
    String id = found.getJsonArray("items").getJsonObject(0).getString("id");
    Api.expect(
        Api.post(
            Clients.operator(),
            "/certificates/" + id + "/revoke",
            "{\"reason\":\"KEY_COMPROMISE\"}"),
        200);
  }

  // ---- TLS ----

  /** The PEM of the server's TLS certificate, as provisioning wrote it. */
  static Path serverCertificate() {
    Path pem = Stack.dir().resolve("wildfly/tls-server.pem");
    assertThat(pem).as("the stack's TLS certificate (made by pca start)").exists();
    return pem;
  }

  /** PKIX trust in the server's certificate alone. */
  static X509TrustManager[] pinnedTrust() {
    try {
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      anchors.setCertificateEntry(
          "pca-server", certificates(Files.readAllBytes(serverCertificate())).get(0));
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(anchors);
      return new X509TrustManager[] {(X509TrustManager) factory.getTrustManagers()[0]};
    } catch (Exception e) {
      throw new IllegalStateException("cannot trust the server's certificate", e);
    }
  }

  /** The key and certificate a device presents in the TLS handshake. */
  static KeyManager[] clientKeys(KeyPair keys, X509Certificate certificate) {
    try {
      char[] password = "device".toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("device", keys.getPrivate(), password, new Certificate[] {certificate});
      KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
      factory.init(store, password);
      return factory.getKeyManagers();
    } catch (Exception e) {
      throw new IllegalStateException("cannot hold the device's key", e);
    }
  }

  /** Bouncy Castle's EST client for the profile, presenting {@code clientKeys} unless null. */
  static ESTService client(Profile profile, KeyManager[] clientKeys) {
    JsseESTServiceBuilder builder = new JsseESTServiceBuilder(AUTHORITY, pinnedTrust());
    builder.withTimeout(60_000);
    if (clientKeys != null) {
      builder.withKeyManagers(clientKeys);
    }
    builder.withLabel(profile.label());
    return builder.build();
  }

  // ---- devices ----

  static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A device name under example.com that no other test uses. */
  static String deviceName() {
    return "dev-" + Api.suffix().toLowerCase(Locale.ROOT) + ".example.com";
  }

  /** A CSR with CN and DNS SAN {@code name}. */
  static PKCS10CertificationRequest csr(KeyPair keys, String name) {
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
      return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name), keys.getPublic())
          .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- certificates ----

  static List<X509Certificate> certificates(Store<X509CertificateHolder> store) {
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    return store.getMatches(null).stream()
        .map(
            holder -> {
              try {
                return converter.getCertificate(holder);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  /** Every certificate in PEM or DER bytes. */
  static List<X509Certificate> certificates(byte[] encoded) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(encoded))
          .stream()
          .map(X509Certificate.class::cast)
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException("not certificates", e);
    }
  }

  /** The one certificate that is no CA's. */
  static X509Certificate leaf(List<X509Certificate> certificates) {
    List<X509Certificate> leaves =
        certificates.stream().filter(c -> c.getBasicConstraints() < 0).toList();
    assertThat(leaves).hasSize(1);
    return leaves.get(0);
  }

  static Path writePem(Path dir, String name, List<X509Certificate> certificates) {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      try {
        pem.append("-----BEGIN CERTIFICATE-----\n")
            .append(
                Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(certificate.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return Files.writeString(dir.resolve(name), pem, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code openssl verify} of the leaf with the CA chain cacerts served: root trusted. */
  static void assertVerifies(Path dir, X509Certificate leaf, List<X509Certificate> caChain) {
    List<X509Certificate> roots =
        caChain.stream()
            .filter(c -> c.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
            .toList();
    List<X509Certificate> intermediates = caChain.stream().filter(c -> !roots.contains(c)).toList();
    Stack.Run run =
        Stack.run(
            List.of(
                "openssl",
                "verify",
                "-CAfile",
                writePem(dir, "root.pem", roots).toString(),
                "-untrusted",
                writePem(dir, "intermediates.pem", intermediates).toString(),
                writePem(dir, "leaf-" + Api.suffix() + ".pem", List.of(leaf)).toString()),
            Map.of(),
            Duration.ofSeconds(30));
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stdout()).as("%s", run).contains(": OK");
  }
}
