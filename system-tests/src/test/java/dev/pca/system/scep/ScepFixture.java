package dev.pca.system.scep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.ca.Api;
import dev.pca.system.ca.CaFixture;
import dev.pca.system.ca.Clients;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jscep.client.Client;
import org.jscep.client.verification.OptimisticCertificateVerifier;

/**
 * What the SCEP tests share: a CA made through REST as the CA tests make theirs (EC root, RSA
 * intermediate, a template for devices), SCEP profiles on it, devices' keys and CSRs, and the
 * checks with openssl.
 */
final class ScepFixture {
  static final String WILDFLY = System.getProperty("pca.wildfly.url", "http://127.0.0.1:8080");

  private ScepFixture() {}

  /** A SCEP profile as made: its id, the name in its URL, and its challenge password. */
  record Profile(CaFixture.Ca ca, String id, String name, String challenge) {
    String url() {
      return WILDFLY + "/scep/" + name;
    }

    Client client() {
      try {
        return new Client(new URL(url()), new OptimisticCertificateVerifier());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** An RSA-2048 intermediate under an EC root, and a template that takes what devices ask. */
  static CaFixture.Ca newCa() {
    CaFixture.Ca ca = CaFixture.newCa("RSA_2048", true, false);
    JsonObject template = CaFixture.template(ca.repositoryId(), deviceSpec());
    return new CaFixture.Ca(ca.repositoryId(), ca.root(), ca.intermediate(), template);
  }

  /** Device subjects as scepclient writes them (CN, O, OU, C), no SAN needed, client auth. */
  static JsonObject deviceSpec() {
    return CaFixture.spec(
        limits ->
            limits
                .add("allowedKeys", CaFixture.keys("RSA", 2048))
                .add("cnMustBeSan", false)
                .add("csrSubjectFields", CaFixture.strings("CN", "O", "OU", "C")),
        settings ->
            settings
                .add("extendedKeyUsage", CaFixture.strings("TLS_CLIENT"))
                .add("subjectDefaults", Json.createArrayBuilder()));
  }

  /** A SCEP profile with a static challenge under the CA's intermediate and template. */
  static Profile profile(CaFixture.Ca ca, boolean manualApproval, boolean allowDes) {
    String name = "scep-" + Api.suffix().toLowerCase(Locale.ROOT);
    JsonObject created =
        CaFixture.enrollmentProfile(
            ca,
            CaFixture.enrollmentDraft(
                name,
                ca.intermediateId(),
                ca.templateId(),
                "SCEP",
                "CHALLENGE",
                null,
                manualApproval,
                allowDes));
    return new Profile(
        ca, created.getJsonObject("profile").getString("id"), name, created.getString("secret"));
  }

  /** Approves, as an operator, the pending request of the profile's repository with that id. */
  static void approve(Profile profile, String transactionId) {
    JsonObject pending =
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
            .filter(request -> transactionId.equals(request.getString("transactionId", null)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no pending request " + transactionId));
    Api.expect(
        Api.post(
            Clients.operator(), "/enrollment-requests/" + pending.getString("id") + "/approve", ""),
        200);
  }

  static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A CSR for {@code subject}, with a challengePassword unless it is null. */
  static PKCS10CertificationRequest csr(KeyPair keys, String subject, String challenge) {
    try {
      JcaPKCS10CertificationRequestBuilder builder =
          new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic());
      if (challenge != null) {
        builder.addAttribute(
            PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERPrintableString(challenge));
      }
      return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The self-signed certificate a device signs its first SCEP request with. */
  static X509Certificate selfSigned(KeyPair keys, String subject) {
    try {
      Instant now = Instant.now();
      return new JcaX509CertificateConverter()
          .getCertificate(
              new JcaX509v3CertificateBuilder(
                      new X500Name(subject),
                      java.math.BigInteger.valueOf(now.toEpochMilli()),
                      Date.from(now.minus(Duration.ofMinutes(5))),
                      Date.from(now.plus(Duration.ofDays(1))),
                      new X500Name(subject),
                      keys.getPublic())
                  .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The certificates of a CertStore (GetCACert's answer, an issued certificate). */
  static List<X509Certificate> certificates(CertStore store) {
    try {
      return store.getCertificates(null).stream().map(X509Certificate.class::cast).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code openssl verify} of the leaf up to the root of the CA chain GetCACert served; the run.
   */
  static Stack.Run opensslVerify(Path dir, X509Certificate leaf, List<X509Certificate> caChain) {
    X509Certificate root =
        caChain.stream()
            .filter(c -> c.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
            .findFirst()
            .orElseThrow();
    X509Certificate intermediate =
        caChain.stream()
            .filter(c -> c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()))
            .findFirst()
            .orElseThrow();
    return Stack.run(
        List.of(
            "openssl",
            "verify",
            "-CAfile",
            write(dir, "root.pem", root).toString(),
            "-untrusted",
            write(dir, "intermediate.pem", intermediate).toString(),
            write(dir, "leaf.pem", leaf).toString()),
        Map.of(),
        Duration.ofSeconds(30));
  }

  static Path write(Path dir, String name, X509Certificate certificate) {
    try {
      return Files.writeString(
          dir.resolve(name),
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
              + "\n-----END CERTIFICATE-----\n");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A raw PKIOperation, as a client that sends what it likes would. */
  static HttpResponse<byte[]> post(Profile profile, byte[] body) {
    return Stack.send(
        HttpRequest.newBuilder(URI.create(profile.url() + "?operation=PKIOperation"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-pki-message")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static void assertVerifies(Stack.Run run) {
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stdout()).as("%s", run).contains(": OK");
  }
}
