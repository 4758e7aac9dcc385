package dev.pca.system.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.ca.Api;
import dev.pca.system.ca.CaFixture;
import dev.pca.system.ca.Clients;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * What the ACME tests share: a CA made through REST as the CA tests make theirs (P-256 root and
 * intermediate, OCSP on), a template for names under {@link AcmeLab#SUFFIX} and 127.0.0.1, an ACME
 * profile with external account binding on it, its tokens through the REST API, and the checks of
 * what was issued with openssl: {@code openssl verify} up to the root the REST API serves, and
 * {@code openssl ocsp} against the URL in the certificate's AIA.
 */
final class AcmeFixture {
  static final String WILDFLY = System.getProperty("pca.wildfly.url", "http://127.0.0.1:8080");

  private AcmeFixture() {}

  /** An ACME token as the REST API made it; the HMAC key is base64url, shown this once. */
  record Token(String id, String keyId, String hmacKey) {}

  /** An ACME profile with the first token made for it. */
  record Profile(CaFixture.Ca ca, String id, String name, Token token) {
    String directory() {
      return WILDFLY + "/acme/" + name + "/directory";
    }
  }

  /** A fresh CA, template, ACME profile and token. */
  static Profile profile() {
    CaFixture.Ca ca = CaFixture.newCa("EC_P256", true, true);
    JsonObject template = CaFixture.template(ca.repositoryId(), acmeSpec());
    ca = new CaFixture.Ca(ca.repositoryId(), ca.root(), ca.intermediate(), template);
    JsonObject made = CaFixture.acmeProfile(ca);
    String id = made.getString("id");
    return new Profile(ca, id, made.getString("name"), token(id));
  }

  /**
   * Server names under {@link AcmeLab#SUFFIX} and 127.0.0.1, P-256 or RSA-2048 keys, up to five
   * names, 90 days, a CN only when it is one of the names.
   */
  static JsonObject acmeSpec() {
    return CaFixture.spec(
        limits ->
            limits
                .add("dnsSuffixes", CaFixture.strings(AcmeLab.SUFFIX))
                .add("ipRanges", CaFixture.strings("127.0.0.1/32"))
                .add("emailDomains", CaFixture.strings())
                .add("uriPrefixes", CaFixture.strings())
                .add("csrSubjectFields", CaFixture.strings("CN")),
        settings ->
            settings
                .add("extendedKeyUsage", CaFixture.strings("TLS_SERVER"))
                .add("subjectDefaults", Json.createArrayBuilder()));
  }

  /** A new token of the profile, made by an administrator of its repository. */
  static Token token(String profileId) {
    JsonObject made =
        Api.expect(
                Api.post(
                    Clients.admin(),
                    "/enrollment-profiles/" + profileId + "/acme-tokens",
                    Json.createObjectBuilder()
                        .add("description", "system test " + Api.suffix())
                        .build()
                        .toString()),
                201)
            .json();
    return new Token(made.getString("id"), made.getString("keyId"), made.getString("hmacKey"));
  }

  /** Revokes the token through the REST API, as an administrator. */
  static void revokeToken(Token token) {
    Api.expect(Api.post(Clients.admin(), "/acme-tokens/" + token.id() + "/revoke", ""), 200);
  }

  /** The root of the profile's CA as the REST API serves it. */
  static X509Certificate root(Profile profile) {
    HttpResponse<String> answer =
        Stack.send(
            HttpRequest.newBuilder(
                    URI.create(
                        WILDFLY + "/api/v2/issuers/" + profile.ca().rootId() + "/certificate"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Clients.operator())
                .header("Accept", "application/x-pem-file")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as("%s", answer.body()).isEqualTo(200);
    List<X509Certificate> certificates = certificates(answer.body());
    assertThat(certificates).hasSize(1);
    return certificates.get(0);
  }

  // ---------------------------------------------------------------- checks with openssl

  /**
   * {@code openssl verify} of the leaf (first of {@code chain}) through the rest of {@code chain}
   * up to {@code root}.
   */
  static Stack.Run opensslVerify(Path dir, List<X509Certificate> chain, X509Certificate root) {
    assertThat(chain).as("a leaf and at least its issuer").hasSizeGreaterThanOrEqualTo(2);
    StringBuilder untrusted = new StringBuilder();
    chain.subList(1, chain.size()).forEach(certificate -> untrusted.append(pem(certificate)));
    return Stack.run(
        List.of(
            "openssl",
            "verify",
            "-purpose",
            "sslserver",
            "-CAfile",
            write(dir, "root.pem", pem(root)).toString(),
            "-untrusted",
            write(dir, "untrusted.pem", untrusted.toString()).toString(),
            write(dir, "leaf.pem", pem(chain.get(0))).toString()),
        Map.of(),
        Duration.ofSeconds(30));
  }

  static void assertVerifies(Stack.Run run) {
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stdout()).as("%s", run).contains("leaf.pem: OK");
  }

  /**
   * What {@code openssl ocsp} says of the leaf at the URL of its AIA extension: "good", "revoked"
   * or "unknown"; the whole run in the failure message otherwise.
   */
  static String ocspStatus(
      Path dir, X509Certificate leaf, X509Certificate issuer, X509Certificate root) {
    Path leafFile = write(dir, "ocsp-leaf.pem", pem(leaf));
    Stack.Run uri =
        Stack.run(
            List.of("openssl", "x509", "-noout", "-ocsp_uri", "-in", leafFile.toString()),
            Map.of(),
            Duration.ofSeconds(30));
    assertThat(uri.exitCode()).as("%s", uri).isZero();
    String url = uri.stdout().strip();
    assertThat(url).as("the OCSP URL in the AIA of the certificate").startsWith("http");
    Stack.Run run =
        Stack.run(
            List.of(
                "openssl",
                "ocsp",
                "-issuer",
                write(dir, "ocsp-issuer.pem", pem(issuer)).toString(),
                "-cert",
                leafFile.toString(),
                "-url",
                url,
                "-CAfile",
                write(dir, "ocsp-chain.pem", pem(issuer) + pem(root)).toString(),
                "-timeout",
                "30"),
            Map.of(),
            Duration.ofSeconds(60));
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stderr()).as("%s", run).contains("Response verify OK");
    for (String status : List.of("good", "revoked", "unknown")) {
      if (run.stdout().contains(leafFile + ": " + status)) {
        return status;
      }
    }
    throw new AssertionError("no status in " + run);
  }

  /** Asks OCSP until it says {@code expected}, for up to ten seconds; the last answer. */
  static String awaitOcsp(
      Path dir, X509Certificate leaf, X509Certificate issuer, X509Certificate root, String expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String seen;
    do {
      seen = ocspStatus(dir, leaf, issuer, root);
      if (seen.equals(expected)) {
        return seen;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    return seen;
  }

  // ---------------------------------------------------------------- keys

  static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** acme4j builds CSRs and tls-alpn-01 certificates with the "BC" provider. */
  static synchronized void registerBouncyCastle() {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  // ---------------------------------------------------------------- certificates

  static List<X509Certificate> certificates(String pem) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .stream()
          .map(X509Certificate.class::cast)
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException("not certificates: " + pem, e);
    }
  }

  static List<X509Certificate> certificates(Path pemFile) {
    try {
      return certificates(Files.readString(pemFile, StandardCharsets.US_ASCII));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The DNS names and IP addresses of the certificate's subjectAltName, as text. */
  static List<String> sans(X509Certificate certificate) {
    try {
      List<String> names = new ArrayList<>();
      if (certificate.getSubjectAlternativeNames() != null) {
        certificate.getSubjectAlternativeNames().forEach(name -> names.add((String) name.get(1)));
      }
      return names;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Path write(Path dir, String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
