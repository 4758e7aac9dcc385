package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * What the CA tests build on: repositories, issuers and templates made through the REST API with
 * the right role each, CSRs made by the real openssl or crafted with Bouncy Castle, and reading
 * back what the CA answers.
 */
public final class CaFixture {
  /** The subject and SANs of the quick-start openssl CSR. */
  static final String CN = "a.example.com";

  static final List<String> SANS = List.of("DNS:a.example.com", "DNS:b.example.com");

  private CaFixture() {}

  /** A repository with a root, an intermediate under it and the tls-server template. */
  public record Ca(
      String repositoryId, JsonObject root, JsonObject intermediate, JsonObject template) {
    public String rootId() {
      return root.getString("id");
    }

    public String intermediateId() {
      return intermediate.getString("id");
    }

    String intermediateLabel() {
      return intermediate.getString("label");
    }

    public String templateId() {
      return template.getString("id");
    }
  }

  /** EC P-256 root (pathLength 1), EC P-256 intermediate (pathLength 0), tls-server template. */
  static Ca newCa() {
    return newCa("EC_P256", true, true);
  }

  public static Ca newCa(String intermediateKeySpec, boolean crlEnabled, boolean ocspEnabled) {
    String repository = repository(crlEnabled, ocspEnabled).getString("id");
    JsonObject root = root(repository);
    JsonObject intermediate = intermediate(root.getString("id"), intermediateKeySpec, 1825);
    return new Ca(repository, root, intermediate, template(repository));
  }

  // ---- repositories, issuers, templates ----

  static JsonObject repository() {
    return repository(true, true);
  }

  static JsonObject repository(boolean crlEnabled, boolean ocspEnabled) {
    return Api.expect(
            Api.post(
                Clients.admin(),
                "/repositories",
                repositoryBody("it-ca-" + Api.suffix(), crlEnabled, ocspEnabled)),
            201)
        .json();
  }

  static String repositoryBody(String name, boolean crlEnabled, boolean ocspEnabled) {
    return Json.createObjectBuilder()
        .add("name", name)
        .add("crlEnabled", crlEnabled)
        .add("crlPeriodSeconds", 86400)
        .add("ocspEnabled", ocspEnabled)
        .add("ocspValiditySeconds", 3600)
        .build()
        .toString();
  }

  /** An EC P-256 root of ten years with pathLength 1. */
  static JsonObject root(String repositoryId) {
    return Api.expect(
            Api.post(
                Clients.admin(),
                "/repositories/" + repositoryId + "/issuers",
                issuerBody("it-root", "EC_P256", 3650, 1)),
            201)
        .json();
  }

  /** An intermediate with pathLength 0: it signs leaves. */
  static JsonObject intermediate(String rootId, String keySpec, int validityDays) {
    return Api.expect(
            Api.post(
                Clients.admin(),
                "/issuers/" + rootId + "/intermediates",
                issuerBody("it-sub", keySpec, validityDays, 0)),
            201)
        .json();
  }

  /** A root or intermediate draft with a unique label and subject. */
  static String issuerBody(String labelPrefix, String keySpec, int validityDays, int pathLength) {
    String label = labelPrefix + "-" + Api.suffix();
    return Json.createObjectBuilder()
        .add("label", label)
        .add("subject", "CN=" + label + ",O=PCA")
        .add("keySpec", keySpec)
        .add("validityDays", validityDays)
        .add("pathLength", pathLength)
        .addNull("quota")
        .build()
        .toString();
  }

  static JsonObject template(String repositoryId) {
    return template(repositoryId, tlsServerSpec());
  }

  public static JsonObject template(String repositoryId, JsonObject spec) {
    return Api.expect(
            Api.post(
                Clients.operator(),
                "/repositories/" + repositoryId + "/templates",
                templateBody("tls-server-" + Api.suffix(), spec)),
            201)
        .json();
  }

  static String templateBody(String name, JsonObject spec) {
    return Json.createObjectBuilder().add("name", name).add("spec", spec).build().toString();
  }

  /** The tls-server template of the contract. */
  static JsonObject tlsServerSpec() {
    return spec(limits -> {}, settings -> {});
  }

  /** The tls-server template with some of its limits replaced. */
  static JsonObject tlsServerSpec(Consumer<JsonObjectBuilder> limitsChange) {
    return spec(limitsChange, settings -> {});
  }

  /** The tls-server template with some limits and settings replaced (add replaces a key). */
  public static JsonObject spec(
      Consumer<JsonObjectBuilder> limitsChange, Consumer<JsonObjectBuilder> settingsChange) {
    JsonObjectBuilder limits =
        Json.createObjectBuilder()
            .add("maxValidity", "PT2160H")
            .add("allowedKeys", keys("EC", 256, "RSA", 2048))
            .add("dnsSuffixes", strings("example.com"))
            .add("dnsPatterns", strings())
            .add("allowWildcardNames", false)
            .add("ipRanges", strings("10.0.0.0/8"))
            .add("emailDomains", strings("example.com"))
            .add("uriPrefixes", strings("spiffe://example.org/"))
            .add("maxSans", 5)
            .add("cnMustBeSan", true)
            .add("csrSubjectFields", strings("CN", "O"));
    limitsChange.accept(limits);
    JsonObjectBuilder settings =
        Json.createObjectBuilder()
            .add("keyUsage", strings("DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"))
            .add("extendedKeyUsage", strings("TLS_SERVER", "TLS_CLIENT"))
            .add(
                "subjectDefaults",
                Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("name", "O").add("value", "PCA Test")))
            .addNull("signatureAlgorithm");
    settingsChange.accept(settings);
    return Json.createObjectBuilder().add("limits", limits).add("settings", settings).build();
  }

  /** Key rules from pairs of algorithm and minimum bits: keys("EC", 256, "RSA", 2048). */
  public static JsonArrayBuilder keys(Object... algorithmAndBits) {
    JsonArrayBuilder rules = Json.createArrayBuilder();
    for (int i = 0; i < algorithmAndBits.length; i += 2) {
      rules.add(
          Json.createObjectBuilder()
              .add("algorithm", (String) algorithmAndBits[i])
              .add("minBits", (Integer) algorithmAndBits[i + 1]));
    }
    return rules;
  }

  public static JsonArrayBuilder strings(String... values) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    Arrays.stream(values).forEach(array::add);
    return array;
  }

  // ---- issuing and reading back ----

  static Api.Answer issue(String issuerId, String templateId, String csr, Integer validityDays) {
    return Api.post(
        Clients.operator(),
        "/issuers/" + issuerId + "/certificates",
        issueBody(templateId, csr, validityDays));
  }

  static String issueBody(String templateId, String csr, Integer validityDays) {
    JsonObjectBuilder body =
        Json.createObjectBuilder().add("templateId", templateId).add("csr", csr);
    if (validityDays != null) {
      body.add("validityDays", validityDays);
    }
    return body.build().toString();
  }

  /** Issues from the CA's intermediate and insists on 201; the whole answer. */
  static JsonObject issued(Ca ca, String csr) {
    return Api.expect(issue(ca.intermediateId(), ca.templateId(), csr, null), 201).json();
  }

  /** How many certificates the issuer has signed, as GET /certificates counts them. */
  static long certificateTotal(String issuerId) {
    return Api.expect(
            Api.get(Clients.operator(), "/certificates?issuerId=" + issuerId + "&limit=1"), 200)
        .json()
        .getJsonNumber("total")
        .longValue();
  }

  static JsonObject issuer(String issuerId) {
    return Api.expect(Api.get(Clients.operator(), "/issuers/" + issuerId), 200).json();
  }

  // ---- CSRs with openssl ----

  /** The contract's P-256 CSR: CN=a.example.com, DNS:a.example.com and DNS:b.example.com. */
  static String opensslCsr(Path dir) {
    return opensslCsr(dir, "ec", "/CN=" + CN, "DNS:a.example.com,DNS:b.example.com");
  }

  /**
   * A CSR from {@code openssl req}; {@code newKey} is "ec" (P-256) or "rsa:BITS", {@code san} the
   * subjectAltName value or null.
   */
  static String opensslCsr(Path dir, String newKey, String subject, String san) {
    String name = "csr-" + Api.suffix();
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".pem");
    List<String> command = new ArrayList<>(List.of("openssl", "req", "-new", "-newkey", newKey));
    if (newKey.equals("ec")) {
      command.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
    }
    command.addAll(
        List.of("-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", subject));
    if (san != null) {
      command.addAll(List.of("-addext", "subjectAltName=" + san));
    }
    Stack.Run run = Api.run(command, Map.of());
    assertThat(run.exitCode()).as("%s", run).isZero();
    return read(csr);
  }

  // ---- CSRs with Bouncy Castle ----

  static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair rsaKeys(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A P-256 CSR for {@code subject} (RFC 4514, "" for an empty one) and {@code sans}. */
  static String csr(String subject, GeneralName... sans) {
    return csr(ecKeys(), subject, sans);
  }

  static String csr(KeyPair keys, String subject, GeneralName... sans) {
    return pem(request(keys, subject, sans));
  }

  static PKCS10CertificationRequest request(KeyPair keys, String subject, GeneralName... sans) {
    X500Name name = subject.isEmpty() ? new X500Name(new RDN[0]) : new X500Name(subject);
    JcaPKCS10CertificationRequestBuilder builder =
        new JcaPKCS10CertificationRequestBuilder(name, keys.getPublic());
    if (sans.length > 0) {
      builder.addAttribute(
          PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
          extensions(Extension.subjectAlternativeName, new GeneralNames(sans)));
    }
    return builder.build(signer(keys));
  }

  /** A P-256 CSR that asks for one extension, whatever it is. */
  static String csrWithExtension(String subject, ASN1ObjectIdentifier oid, ASN1Encodable value) {
    KeyPair keys = ecKeys();
    JcaPKCS10CertificationRequestBuilder builder =
        new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic());
    builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions(oid, value));
    return pem(builder.build(signer(keys)));
  }

  private static ASN1Encodable extensions(ASN1ObjectIdentifier oid, ASN1Encodable value) {
    try {
      ExtensionsGenerator generator = new ExtensionsGenerator();
      generator.addExtension(oid, oid.equals(Extension.basicConstraints), value);
      return generator.generate();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ContentSigner signer(KeyPair keys) {
    String algorithm =
        keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      return new JcaContentSignerBuilder(algorithm).build(keys.getPrivate());
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same CSR, well-formed still, with one bit of its signature flipped. */
  static String tamperSignature(String pem) {
    CertificationRequest request = parseCsr(pem).toASN1Structure();
    byte[] signature = request.getSignature().getOctets();
    signature[signature.length - 1] ^= 0x01;
    CertificationRequest tampered =
        new CertificationRequest(
            request.getCertificationRequestInfo(),
            request.getSignatureAlgorithm(),
            new DERBitString(signature));
    return pem(new PKCS10CertificationRequest(tampered));
  }

  static PKCS10CertificationRequest parseCsr(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      return (PKCS10CertificationRequest) parser.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SubjectPublicKeyInfo csrKey(String pem) {
    return parseCsr(pem).getSubjectPublicKeyInfo();
  }

  static GeneralName dns(String name) {
    return new GeneralName(GeneralName.dNSName, name);
  }

  static GeneralName ip(String address) {
    return new GeneralName(GeneralName.iPAddress, address);
  }

  static GeneralName email(String address) {
    return new GeneralName(GeneralName.rfc822Name, address);
  }

  static GeneralName uri(String uri) {
    return new GeneralName(GeneralName.uniformResourceIdentifier, uri);
  }

  static String pem(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  // ---- certificates ----

  /** Every certificate in a PEM text, in order. */
  static List<X509Certificate> certificates(String pem) {
    return certificates(pem.getBytes(StandardCharsets.US_ASCII));
  }

  /** Every certificate in PEM or DER bytes, in order. */
  static List<X509Certificate> certificates(byte[] encoded) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(encoded))
          .stream()
          .map(X509Certificate.class::cast)
          .toList();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("not certificates: " + new String(encoded), e);
    }
  }

  static X509Certificate certificate(String pem) {
    List<X509Certificate> all = certificates(pem);
    assertThat(all).as("certificates in %s", pem).hasSize(1);
    return all.get(0);
  }

  static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path write(Path dir, String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path dir, String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path writePem(Path dir, String name, X509Certificate certificate) {
    return write(dir, name, pem(certificate));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An enrollment profile's request body; the user name only for HTTP_BASIC. */
  public static String enrollmentDraft(
      String name,
      String issuerId,
      String templateId,
      String protocol,
      String authentication,
      String username,
      boolean manualApproval,
      boolean allowDes) {
    JsonObjectBuilder draft =
        Json.createObjectBuilder()
            .add("name", name)
            .add("protocol", protocol)
            .add("issuerId", issuerId)
            .add("templateId", templateId)
            .add("authentication", authentication)
            .add("manualApproval", manualApproval)
            .add("allowDes", allowDes);
    if (username != null) {
      draft.add("username", username);
    }
    return draft.build().toString();
  }

  /** Makes an enrollment profile in the CA's repository as an administrator: profile and secret. */
  public static JsonObject enrollmentProfile(Ca ca, String draft) {
    return Api.expect(
            Api.post(
                Clients.admin(),
                "/repositories/" + ca.repositoryId() + "/enrollment-profiles",
                draft),
            201)
        .json();
  }

  /**
   * Makes an ACME profile (clients bind their accounts with ACME tokens) in the CA's repository
   * under its intermediate and template, as an administrator; the profile.
   */
  public static JsonObject acmeProfile(Ca ca) {
    return enrollmentProfile(
            ca,
            enrollmentDraft(
                "acme-" + Api.suffix(),
                ca.intermediateId(),
                ca.templateId(),
                "ACME",
                "EXTERNAL_ACCOUNT",
                null,
                false,
                false))
        .getJsonObject("profile");
  }
}
