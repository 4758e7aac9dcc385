package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.ca.CaFixture.Ca;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issuing leaves through REST from real openssl CSRs: what comes back verifies with openssl and
 * with Java's PKIX validator, carries what the template says, and downloads the same every way.
 */
@ExtendWith(Clients.class)
class IssuanceIT {
  private static Ca ca;

  @TempDir Path work;

  @BeforeAll
  static void makeCa() {
    ca = CaFixture.newCa();
  }

  @Test
  void issue_csrFromOpenssl_verifiesWithOpensslAndPkix() throws Exception {
    JsonObject issued = CaFixture.issued(ca, CaFixture.opensslCsr(work));

    List<X509Certificate> chain = CaFixture.certificates(issued.getString("chain"));
    assertThat(chain).hasSize(3);
    assertThat(chain.get(0)).isEqualTo(CaFixture.certificate(issued.getString("pem")));
    X509Certificate root = rootCertificate(ca.rootId());
    assertThat(chain.get(2)).isEqualTo(root);

    assertOpensslVerifies(root, chain.get(1), chain.get(0));
    assertPkixValidates(root, chain.get(1), chain.get(0));
  }

  @Test
  void issue_leafExtensions_followTemplateAndRepositorySettings() throws Exception {
    JsonObject issued = CaFixture.issued(ca, CaFixture.opensslCsr(work));
    X509CertificateHolder leaf =
        new X509CertificateHolder(CaFixture.certificate(issued.getString("pem")).getEncoded());

    // The template asks for digitalSignature and keyEncipherment; an EC key cannot encipher (RFC
    // 5480 section 3: keyEncipherment MUST NOT be asserted), so it gets the first only.
    assertKeyUsage(leaf, KeyUsage.digitalSignature);

    ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(leaf.getExtensions());
    assertThat(eku).isNotNull();
    assertThat(eku.getUsages())
        .containsExactlyInAnyOrder(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);

    GeneralNames sans =
        GeneralNames.fromExtensions(leaf.getExtensions(), Extension.subjectAlternativeName);
    assertThat(sans).isNotNull();
    assertThat(Arrays.stream(sans.getNames()).map(IssuanceIT::shown))
        .containsExactlyInAnyOrderElementsOf(CaFixture.SANS);

    Extension basic = leaf.getExtension(Extension.basicConstraints);
    assertThat(basic).isNotNull();
    assertThat(BasicConstraints.getInstance(basic.getParsedValue()).isCA()).isFalse();

    String base = Api.WILDFLY + "/pki";
    assertThat(crlUrls(leaf)).containsExactly(base + "/crl/" + ca.intermediateLabel() + ".crl");
    assertThat(accessUrls(leaf, AccessDescription.id_ad_ocsp)).containsExactly(base + "/ocsp");
    assertThat(accessUrls(leaf, AccessDescription.id_ad_caIssuers))
        .containsExactly(base + "/ca/" + ca.intermediateLabel() + ".crt");

    assertThat(attribute(leaf.getSubject(), "CN")).containsExactly(CaFixture.CN);
    assertThat(attribute(leaf.getSubject(), "O")).containsExactly("PCA Test");

    // And as openssl reads the same extensions.
    Path file = CaFixture.write(work, "leaf.pem", issued.getString("pem"));
    Stack.Run text =
        Api.succeed(
            "openssl",
            "x509",
            "-in",
            file.toString(),
            "-noout",
            "-ext",
            "keyUsage,extendedKeyUsage,subjectAltName,basicConstraints,crlDistributionPoints,"
                + "authorityInfoAccess");
    assertThat(text.stdout())
        .contains("X509v3 Key Usage: critical")
        .contains("X509v3 Key Usage: critical\n    Digital Signature\n")
        .contains("TLS Web Server Authentication, TLS Web Client Authentication")
        .contains("CA:FALSE")
        .contains("DNS:a.example.com, DNS:b.example.com")
        .contains("URI:" + base + "/crl/" + ca.intermediateLabel() + ".crl")
        .contains("OCSP - URI:" + base + "/ocsp")
        .contains("CA Issuers - URI:" + base + "/ca/" + ca.intermediateLabel() + ".crt");
  }

  @Test
  void issue_answer_describesTheCertificateAsIssued() {
    JsonObject issued = CaFixture.issued(ca, CaFixture.opensslCsr(work));
    JsonObject view = issued.getJsonObject("certificate");
    X509Certificate leaf = CaFixture.certificate(issued.getString("pem"));

    assertThat(view.getString("repositoryId")).isEqualTo(ca.repositoryId());
    assertThat(view.getString("issuerId")).isEqualTo(ca.intermediateId());
    assertThat(view.getString("issuerLabel")).isEqualTo(ca.intermediateLabel());
    assertThat(view.getString("templateId")).isEqualTo(ca.templateId());
    assertThat(new BigInteger(view.getString("serial"), 16)).isEqualTo(leaf.getSerialNumber());
    assertThat(view.getString("subject")).contains("CN=" + CaFixture.CN).contains("O=PCA Test");
    assertThat(strings(view, "sans")).containsExactlyInAnyOrderElementsOf(CaFixture.SANS);
    assertThat(view.getString("status")).isEqualTo("VALID");
    assertThat(Instant.parse(view.getString("notAfter"))).isEqualTo(leaf.getNotAfter().toInstant());
    assertThat(Instant.parse(view.getString("notBefore")))
        .isEqualTo(leaf.getNotBefore().toInstant());
    assertThat(Api.absent(view, "replacesId")).isTrue();

    // The same view is found again by id and by searching its SAN.
    JsonObject found =
        Api.expect(Api.get(Clients.auditor(), "/certificates/" + view.getString("id")), 200).json();
    for (String field : List.of("serial", "subject", "sans", "notBefore", "notAfter", "status")) {
      assertThat(found.get(field)).as(field).isEqualTo(view.get(field));
    }
    JsonObject page =
        Api.expect(
                Api.get(
                    Clients.auditor(),
                    "/certificates?issuerId="
                        + ca.intermediateId()
                        + "&q="
                        + Api.query(view.getString("serial"))),
                200)
            .json();
    assertThat(page.getJsonArray("items").getValuesAs(JsonObject.class))
        .extracting(item -> item.getString("id"))
        .containsExactly(view.getString("id"));
  }

  @Test
  void issue_serial_isPositiveAndTwentyOctets() {
    JsonObject issued = CaFixture.issued(ca, CaFixture.opensslCsr(work));
    BigInteger serial = CaFixture.certificate(issued.getString("pem")).getSerialNumber();

    assertThat(serial.signum()).isPositive();
    assertThat(serial.toByteArray()).hasSize(20);
  }

  @Test
  void issue_validityDays_makesCertificateValidThatManyDaysFromIssuance() {
    Instant asked = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JsonObject issued =
        Api.expect(
                CaFixture.issue(
                    ca.intermediateId(), ca.templateId(), CaFixture.opensslCsr(work), 30),
                201)
            .json();
    Instant answered = Instant.now();
    X509Certificate leaf = CaFixture.certificate(issued.getString("pem"));

    Duration slack = Duration.ofMinutes(2);
    assertThat(leaf.getNotAfter().toInstant())
        .isBetween(
            asked.plus(Duration.ofDays(30)).minus(slack),
            answered.plus(Duration.ofDays(30)).plus(slack));
    assertThat(leaf.getNotBefore().toInstant()).isBefore(answered.plus(slack));
  }

  @Test
  void issue_withoutValidityDays_usesTemplateMaximum() {
    Instant asked = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JsonObject issued = CaFixture.issued(ca, CaFixture.opensslCsr(work));
    Instant answered = Instant.now();
    X509Certificate leaf = CaFixture.certificate(issued.getString("pem"));

    Duration slack = Duration.ofMinutes(2);
    assertThat(leaf.getNotAfter().toInstant())
        .isBetween(
            asked.plus(Duration.ofHours(2160)).minus(slack),
            answered.plus(Duration.ofHours(2160)).plus(slack));
  }

  @Test
  void issue_rsaCsrFromOpenssl_verifiesWithTemplatesKeyUsage() throws Exception {
    String csr =
        CaFixture.opensslCsr(
            work, "rsa:2048", "/CN=a.example.com", "DNS:a.example.com,DNS:b.example.com");
    JsonObject issued = CaFixture.issued(ca, csr);

    List<X509Certificate> chain = CaFixture.certificates(issued.getString("chain"));
    assertThat(chain.get(0).getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertKeyUsage(
        new X509CertificateHolder(chain.get(0).getEncoded()),
        KeyUsage.digitalSignature | KeyUsage.keyEncipherment);
    assertOpensslVerifies(rootCertificate(ca.rootId()), chain.get(1), chain.get(0));
    assertPkixValidates(rootCertificate(ca.rootId()), chain.get(1), chain.get(0));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"EC_P384", "RSA_3072"})
  void issue_fromIntermediateOfOtherKeySpec_verifiesWithOpensslAndPkix(String keySpec)
      throws Exception {
    JsonObject intermediate = CaFixture.intermediate(ca.rootId(), keySpec, 1825);
    JsonObject issued =
        Api.expect(
                CaFixture.issue(
                    intermediate.getString("id"), ca.templateId(), CaFixture.opensslCsr(work), 30),
                201)
            .json();

    List<X509Certificate> chain = CaFixture.certificates(issued.getString("chain"));
    assertThat(chain).hasSize(3);
    assertThat(chain.get(1).getPublicKey().getAlgorithm())
        .isEqualTo(keySpec.startsWith("EC") ? "EC" : "RSA");
    X509Certificate root = rootCertificate(ca.rootId());
    assertOpensslVerifies(root, chain.get(1), chain.get(0));
    assertPkixValidates(root, chain.get(1), chain.get(0));
  }

  @Test
  void issue_repositoryWithoutCrlAndOcsp_leavesOutCdpAndAia() throws Exception {
    Ca quiet = CaFixture.newCa("EC_P256", false, false);

    JsonObject issued = CaFixture.issued(quiet, CaFixture.opensslCsr(work));

    X509CertificateHolder leaf =
        new X509CertificateHolder(CaFixture.certificate(issued.getString("pem")).getEncoded());
    assertThat(leaf.getExtension(Extension.cRLDistributionPoints)).isNull();
    assertThat(leaf.getExtension(Extension.authorityInfoAccess)).isNull();
    List<X509Certificate> chain = CaFixture.certificates(issued.getString("chain"));
    assertOpensslVerifies(rootCertificate(quiet.rootId()), chain.get(1), chain.get(0));
  }

  @Test
  void downloads_pemDerChainAndPkcs7_agreeWithIssuedCertificate() throws Exception {
    JsonObject issued = CaFixture.issued(ca, CaFixture.opensslCsr(work));
    String id = issued.getJsonObject("certificate").getString("id");
    X509Certificate leaf = CaFixture.certificate(issued.getString("pem"));
    List<X509Certificate> chain = CaFixture.certificates(issued.getString("chain"));
    String token = Clients.auditor();

    HttpResponse<byte[]> pem = Api.download(token, "/certificates/" + id + "/certificate", Api.PEM);
    assertDownload(pem, Api.PEM);
    assertThat(normalized(new String(pem.body(), StandardCharsets.US_ASCII)))
        .isEqualTo(normalized(issued.getString("pem")));
    assertThat(CaFixture.der(CaFixture.certificates(pem.body()).get(0)))
        .isEqualTo(leaf.getEncoded());

    HttpResponse<byte[]> der = Api.download(token, "/certificates/" + id + "/certificate", Api.DER);
    assertDownload(der, Api.DER);
    assertThat(der.body()).isEqualTo(leaf.getEncoded());

    HttpResponse<byte[]> pemChain =
        Api.download(token, "/certificates/" + id + "/chain", Api.PEM_CHAIN);
    assertDownload(pemChain, Api.PEM_CHAIN);
    assertThat(ders(CaFixture.certificates(pemChain.body())))
        .containsExactlyElementsOf(ders(chain));

    HttpResponse<byte[]> pkcs7 = Api.download(token, "/certificates/" + id + "/pkcs7", Api.PKCS7);
    assertDownload(pkcs7, Api.PKCS7);
    Path p7 = CaFixture.write(work, "certs.p7b", pkcs7.body());
    Stack.Run printed =
        Api.succeed("openssl", "pkcs7", "-inform", "DER", "-in", p7.toString(), "-print_certs");
    // A SET OF has no order of its own: the same certificates, in any order.
    assertThat(ders(CaFixture.certificates(printed.stdout())))
        .containsExactlyInAnyOrderElementsOf(ders(chain));

    // The issuer's own downloads agree with the chain too.
    String issuer = "/issuers/" + ca.intermediateId();
    HttpResponse<byte[]> issuerDer = Api.download(token, issuer + "/certificate", Api.DER);
    assertDownload(issuerDer, Api.DER);
    assertThat(issuerDer.body()).isEqualTo(chain.get(1).getEncoded());
    HttpResponse<byte[]> issuerPem = Api.download(token, issuer + "/certificate", Api.PEM);
    assertDownload(issuerPem, Api.PEM);
    assertThat(CaFixture.der(CaFixture.certificates(issuerPem.body()).get(0)))
        .isEqualTo(chain.get(1).getEncoded());
    HttpResponse<byte[]> issuerChain = Api.download(token, issuer + "/chain", Api.PEM_CHAIN);
    assertDownload(issuerChain, Api.PEM_CHAIN);
    assertThat(ders(CaFixture.certificates(issuerChain.body())))
        .containsExactlyElementsOf(ders(chain.subList(1, 3)));
  }

  @Test
  void renew_newKey_keepsSubjectAndSansAndLinksReplacesId() throws Exception {
    JsonObject first = CaFixture.issued(ca, CaFixture.opensslCsr(work));
    JsonObject old = first.getJsonObject("certificate");
    String csr = CaFixture.opensslCsr(work);

    Api.Answer renewed =
        Api.expect(
            Api.post(
                Clients.operator(),
                "/certificates/" + old.getString("id") + "/renew",
                Json.createObjectBuilder().add("csr", csr).build().toString()),
            201);

    JsonObject view = renewed.json().getJsonObject("certificate");
    assertThat(view.getString("id")).isNotEqualTo(old.getString("id"));
    assertThat(view.getString("replacesId")).isEqualTo(old.getString("id"));
    assertThat(view.getString("serial")).isNotEqualTo(old.getString("serial"));
    assertThat(view.getString("subject")).isEqualTo(old.getString("subject"));
    assertThat(strings(view, "sans")).containsExactlyInAnyOrderElementsOf(strings(old, "sans"));

    X509Certificate oldLeaf = CaFixture.certificate(first.getString("pem"));
    X509Certificate newLeaf = CaFixture.certificate(renewed.json().getString("pem"));
    assertThat(newLeaf.getSubjectX500Principal()).isEqualTo(oldLeaf.getSubjectX500Principal());
    assertThat(newLeaf.getSubjectAlternativeNames())
        .containsExactlyInAnyOrderElementsOf(oldLeaf.getSubjectAlternativeNames());
    // The renewed certificate is for the new CSR's key.
    assertThat(newLeaf.getPublicKey().getEncoded()).isEqualTo(CaFixture.csrKey(csr).getEncoded());
    assertThat(newLeaf.getPublicKey()).isNotEqualTo(oldLeaf.getPublicKey());
    assertOpensslVerifies(
        rootCertificate(ca.rootId()),
        CaFixture.certificates(renewed.json().getString("chain")).get(1),
        newLeaf);
  }

  // ---- helpers ----

  private static X509Certificate rootCertificate(String rootId) {
    HttpResponse<byte[]> answer =
        Api.download(Clients.auditor(), "/issuers/" + rootId + "/certificate", Api.PEM);
    assertThat(answer.statusCode()).isEqualTo(200);
    return CaFixture.certificates(answer.body()).get(0);
  }

  private void assertOpensslVerifies(
      X509Certificate root, X509Certificate intermediate, X509Certificate leaf) {
    String name = Api.suffix();
    Path rootFile = CaFixture.writePem(work, name + "-root.pem", root);
    Path intermediateFile = CaFixture.writePem(work, name + "-intermediate.pem", intermediate);
    Path leafFile = CaFixture.writePem(work, name + "-leaf.pem", leaf);

    Stack.Run verify =
        Api.run(
            "openssl",
            "verify",
            "-CAfile",
            rootFile.toString(),
            "-untrusted",
            intermediateFile.toString(),
            leafFile.toString());

    assertThat(verify.exitCode()).as("%s", verify).isZero();
    assertThat(verify.stdout()).as("%s", verify).contains("OK");
  }

  private static void assertPkixValidates(
      X509Certificate root, X509Certificate intermediate, X509Certificate leaf) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false);
    var path =
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, intermediate));
    // Throws CertPathValidatorException, naming the failing certificate, when it does not verify.
    CertPathValidator.getInstance("PKIX").validate(path, parameters);
  }

  /** A critical keyUsage extension with exactly these bits. */
  private static void assertKeyUsage(X509CertificateHolder leaf, int bits) {
    Extension keyUsage = leaf.getExtension(Extension.keyUsage);
    assertThat(keyUsage).as("keyUsage").isNotNull();
    assertThat(keyUsage.isCritical()).as("keyUsage critical").isTrue();
    assertThat(KeyUsage.getInstance(keyUsage.getParsedValue())).isEqualTo(new KeyUsage(bits));
  }

  private static void assertDownload(HttpResponse<byte[]> answer, String mediaType) {
    assertThat(answer.statusCode()).as("%s", answer.uri()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type"))
        .as("%s", answer.uri())
        .hasValueSatisfying(type -> assertThat(type).startsWith(mediaType));
  }

  private static List<String> ders(List<X509Certificate> certificates) {
    return certificates.stream().map(c -> HexFormat.of().formatHex(CaFixture.der(c))).toList();
  }

  private static String normalized(String pem) {
    return pem.replace("\r\n", "\n").strip();
  }

  private static List<String> strings(JsonObject object, String key) {
    return object.getJsonArray(key).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }

  /** A GeneralName as the API shows it, e.g. "DNS:a.example.com". */
  private static String shown(GeneralName name) {
    return switch (name.getTagNo()) {
      case GeneralName.dNSName -> "DNS:" + name.getName();
      case GeneralName.rfc822Name -> "EMAIL:" + name.getName();
      case GeneralName.uniformResourceIdentifier -> "URI:" + name.getName();
      default -> name.toString();
    };
  }

  private static List<String> attribute(X500Name name, String shortName) {
    var oid = BCStyle.INSTANCE.attrNameToOID(shortName);
    return Arrays.stream(name.getRDNs(oid))
        .map(RDN::getFirst)
        .map(value -> IETFUtils.valueToString(value.getValue()))
        .toList();
  }

  private static List<String> crlUrls(X509CertificateHolder leaf) {
    CRLDistPoint points = CRLDistPoint.fromExtensions(leaf.getExtensions());
    assertThat(points).as("CRL distribution points").isNotNull();
    return Arrays.stream(points.getDistributionPoints())
        .map(DistributionPoint::getDistributionPoint)
        .filter(name -> name.getType() == DistributionPointName.FULL_NAME)
        .flatMap(name -> Arrays.stream(GeneralNames.getInstance(name.getName()).getNames()))
        .filter(name -> name.getTagNo() == GeneralName.uniformResourceIdentifier)
        .map(name -> name.getName().toString())
        .toList();
  }

  private static List<String> accessUrls(X509CertificateHolder leaf, ASN1ObjectIdentifier method) {
    AuthorityInformationAccess aia =
        AuthorityInformationAccess.fromExtensions(leaf.getExtensions());
    assertThat(aia).as("authority information access").isNotNull();
    return Arrays.stream(aia.getAccessDescriptions())
        .filter(access -> access.getAccessMethod().equals(method))
        .map(AccessDescription::getAccessLocation)
        .filter(name -> name.getTagNo() == GeneralName.uniformResourceIdentifier)
        .map(name -> name.getName().toString())
        .toList();
  }
}
