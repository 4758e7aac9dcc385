package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.ca.CaFixture.Ca;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRLReason;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * CRLs as real clients use them, fetched from the URLs written into the issued certificates:
 * openssl's verify with full and delta CRLs, its CRL printer, and Java's PKIX validator fetching
 * from the CRL distribution point. Each test works on an intermediate of its own, so that what it
 * waits for in the CRLs is its own doing.
 */
@ExtendWith(Clients.class)
class CrlIT {
  /** A revocation reaches the CRLs within a tick of two seconds; this is generous. */
  private static final Duration CRL_DEADLINE = Duration.ofSeconds(30);

  /** Java caches a fetched CRL for 30 seconds before it asks again (URICertStore). */
  private static final Duration PKIX_DEADLINE = Duration.ofSeconds(90);

  private static Ca ca;

  @TempDir Path work;

  @BeforeAll
  static void makeCa() {
    ca = CaFixture.newCa();
  }

  /** A leaf with its chain as the CA returned it, and the REST id of the leaf. */
  private record Leaf(
      String id, X509Certificate certificate, X509Certificate intermediate, X509Certificate root) {
    BigInteger serial() {
      return certificate.getSerialNumber();
    }
  }

  /** A fetched CRL: its DER and what Java and Bouncy Castle read in it. */
  private record Crl(byte[] der, X509CRL x509, X509CRLHolder holder) {
    long number() {
      return CRLNumber.getInstance(holder.getExtension(Extension.cRLNumber).getParsedValue())
          .getCRLNumber()
          .longValueExact();
    }

    X509CRLEntry entry(BigInteger serial) {
      return x509.getRevokedCertificate(serial);
    }

    boolean lists(BigInteger serial) {
      return entry(serial) != null;
    }
  }

  // ---- openssl verify ----

  @Test
  void crlCheck_beforeAndAfterRevocation_opensslSeesTheLeafRevoked() {
    Leaf leaf = issue(newIntermediate());
    Crl before = awaitCrl(cdp(leaf.certificate()), crl -> true);
    Crl root = awaitCrl(cdp(leaf.intermediate()), crl -> true);

    assertVerifies(leaf, "-crl_check", crlFile(before));
    assertVerifies(leaf, "-crl_check_all", crlFile(before), crlFile(root));

    revoke(leaf, "KEY_COMPROMISE", null);
    Crl after = awaitCrl(cdp(leaf.certificate()), crl -> crl.lists(leaf.serial()));

    assertThat(after.number()).isGreaterThan(before.number());
    assertRevoked(leaf, "-crl_check", crlFile(after));
    assertRevoked(leaf, "-crl_check_all", crlFile(after), crlFile(root));
    // The CRL from before the revocation still vouches for the leaf.
    assertVerifies(leaf, "-crl_check", crlFile(before));
  }

  @Test
  void crlCheckAll_revokedIntermediate_rootCrlListsIt() {
    JsonObject intermediate = newIntermediate();
    Leaf leaf = issue(intermediate);
    Crl leafCrl = awaitCrl(cdp(leaf.certificate()), crl -> true);
    Crl rootBefore = awaitCrl(cdp(leaf.intermediate()), crl -> true);
    assertVerifies(leaf, "-crl_check_all", crlFile(leafCrl), crlFile(rootBefore));

    Api.expect(
        Api.post(
            Clients.operator(),
            "/certificates/" + certificateOfIssuer(intermediate) + "/revoke",
            revocation("CA_COMPROMISE", null)),
        200);
    BigInteger serial = leaf.intermediate().getSerialNumber();
    Crl rootAfter = awaitCrl(cdp(leaf.intermediate()), crl -> crl.lists(serial));

    assertThat(rootAfter.entry(serial).getRevocationReason()).isEqualTo(CRLReason.CA_COMPROMISE);
    Stack.Run run = verify(leaf, "-crl_check_all", crlFile(leafCrl), crlFile(rootAfter));
    assertThat(run.exitCode()).as("%s", run).isNotZero();
    assertThat(run.stdout() + run.stderr())
        .as("%s", run)
        .contains("error 23 at 1 depth lookup: certificate revoked");
    // Checking the leaf alone does not look at the root's CRL.
    assertVerifies(leaf, "-crl_check", crlFile(leafCrl));
  }

  @Test
  void deltaCrl_completesTheFullCrlFromBeforeTheRevocation() {
    Leaf leaf = issue(newIntermediate());
    String fullUrl = cdp(leaf.certificate());
    Crl full = awaitCrl(fullUrl, crl -> true);
    String deltaUrl = freshest(full);
    assertThat(deltaUrl).isEqualTo(fullUrl.replace("/pki/crl/", "/pki/crl/delta/"));
    assertThat(idp(full)).isEqualTo(fullUrl);

    revoke(leaf, "KEY_COMPROMISE", null);
    Crl delta = awaitCrl(deltaUrl, crl -> crl.lists(leaf.serial()));

    Extension indicator = delta.holder().getExtension(Extension.deltaCRLIndicator);
    assertThat(indicator.isCritical()).isTrue();
    assertThat(ASN1Integer.getInstance(indicator.getParsedValue()).getValue().longValueExact())
        .isLessThanOrEqualTo(full.number());
    assertThat(delta.number()).isGreaterThan(full.number());
    assertThat(idp(delta)).isEqualTo(fullUrl);
    assertRevoked(leaf, "-crl_check", "-use_deltas", crlFile(full), crlFile(delta));
    assertVerifies(leaf, "-crl_check", crlFile(full));
    assertVerifies(leaf, "-crl_check", "-use_deltas", crlFile(full));
  }

  // ---- what the CRLs say ----

  @Test
  void reasonsAndInvalidityDate_showInOpensslCrlText() {
    JsonObject intermediate = newIntermediate();
    Leaf compromised = issue(intermediate);
    Leaf moved = issue(intermediate);
    Leaf held = issue(intermediate);
    Leaf unspecified = issue(intermediate);
    Instant invalidSince = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);

    revoke(compromised, "KEY_COMPROMISE", invalidSince);
    revoke(moved, "AFFILIATION_CHANGED", null);
    revoke(held, "CERTIFICATE_HOLD", null);
    revoke(unspecified, "UNSPECIFIED", null);
    Crl crl =
        awaitCrl(
            cdp(compromised.certificate()),
            c ->
                c.lists(compromised.serial())
                    && c.lists(moved.serial())
                    && c.lists(held.serial())
                    && c.lists(unspecified.serial()));

    String text = opensslCrlText(crl);
    assertThat(entryText(text, compromised))
        .contains("Key Compromise")
        .contains("Invalidity Date")
        .contains(opensslDate(invalidSince));
    assertThat(entryText(text, moved)).contains("Affiliation Changed").doesNotContain("Invalidity");
    assertThat(entryText(text, held)).contains("Certificate Hold");
    assertThat(entryText(text, unspecified)).doesNotContain("CRL Reason Code");
    assertThat(crl.entry(compromised.serial()).getRevocationReason())
        .isEqualTo(CRLReason.KEY_COMPROMISE);
  }

  @Test
  void holdThenRelease_removeFromCrlInTheDeltaAndGoneFromTheNextFull() {
    Leaf leaf = issue(newIntermediate());
    String fullUrl = cdp(leaf.certificate());
    awaitCrl(fullUrl, crl -> true);

    revoke(leaf, "CERTIFICATE_HOLD", null);
    Crl heldFull = awaitCrl(fullUrl, crl -> crl.lists(leaf.serial()));
    assertThat(heldFull.entry(leaf.serial()).getRevocationReason())
        .isEqualTo(CRLReason.CERTIFICATE_HOLD);
    assertRevoked(leaf, "-crl_check", crlFile(heldFull));

    Api.expect(Api.post(Clients.operator(), "/certificates/" + leaf.id() + "/release", null), 200);
    Crl releasedFull =
        awaitCrl(fullUrl, crl -> crl.number() > heldFull.number() && !crl.lists(leaf.serial()));
    Crl delta =
        awaitCrl(
            freshest(releasedFull),
            crl ->
                crl.number() > releasedFull.number()
                    && crl.lists(leaf.serial())
                    && crl.entry(leaf.serial()).getRevocationReason() == CRLReason.REMOVE_FROM_CRL);

    assertThat(opensslCrlText(delta)).contains("Remove From CRL");
    assertVerifies(leaf, "-crl_check", crlFile(releasedFull));
    // The delta lifts the hold that the full CRL from before the release still shows.
    assertVerifies(leaf, "-crl_check", "-use_deltas", crlFile(heldFull), crlFile(delta));
  }

  // ---- Java's PKIX ----

  @Test
  void javaPkix_crlOnlyFromTheDistributionPoint_goodThenRevoked() throws Exception {
    Leaf leaf = issue(newIntermediate());
    awaitCrl(cdp(leaf.certificate()), crl -> true);
    awaitCrl(cdp(leaf.intermediate()), crl -> true);

    pkixValidate(leaf);

    revoke(leaf, "KEY_COMPROMISE", null);
    awaitCrl(cdp(leaf.certificate()), crl -> crl.lists(leaf.serial()));
    // Java keeps a fetched CRL for 30 seconds before it fetches it again, so it is asked until
    // it says revoked, within a deadline.
    Instant deadline = Instant.now().plus(PKIX_DEADLINE);
    CertPathValidatorException refusal = null;
    while (refusal == null && Instant.now().isBefore(deadline)) {
      try {
        pkixValidate(leaf);
        Thread.sleep(1000);
      } catch (CertPathValidatorException e) {
        refusal = e;
      }
    }
    assertThat(refusal).as("Java's PKIX validator never saw the revocation").isNotNull();
    assertThat(refusal.getReason()).isEqualTo(CertPathValidatorException.BasicReason.REVOKED);
    assertThat(refusal.getIndex()).isZero();
  }

  // ---- repositories without CRLs ----

  @Test
  void crlsOff_noDistributionPointAndTheUrlsAnswer404Text() {
    Ca off = CaFixture.newCa("EC_P256", false, true);
    JsonObject issued =
        CaFixture.issued(off, CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")));
    X509Certificate leaf = CaFixture.certificate(issued.getString("pem"));

    assertThat(leaf.getExtensionValue(Extension.cRLDistributionPoints.getId())).isNull();
    for (String url :
        List.of(
            crlUrl(off.intermediateLabel()),
            crlUrl(off.intermediateLabel()).replace(".crl", ".pem"),
            crlUrl(off.intermediateLabel()).replace("/pki/crl/", "/pki/crl/delta/"))) {
      HttpResponse<String> answer = get(url, HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(url).isEqualTo(404);
      assertPlainLine(answer);
      assertThat(answer.body()).contains("publishes no CRLs");
    }
  }

  // ---- the HTTP side ----

  @Test
  void derAndPem_areTheSameCrl() {
    Leaf leaf = issue(newIntermediate());
    String derUrl = cdp(leaf.certificate());
    Crl crl = awaitCrl(derUrl, c -> true);

    HttpResponse<byte[]> der = get(derUrl, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<String> pem =
        get(derUrl.replace(".crl", ".pem"), HttpResponse.BodyHandlers.ofString());

    assertThat(der.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
    assertThat(pem.headers().firstValue("Content-Type")).hasValue("application/x-pem-file");
    assertThat(der.body()).isEqualTo(crl.der());
    assertThat(pem.body()).startsWith("-----BEGIN X509 CRL-----\n");
    assertThat(pem.body()).endsWith("\n-----END X509 CRL-----\n");
    assertThat(pem.body().lines().filter(line -> !line.startsWith("-----")))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
    assertThat(fromPem(pem.body())).isEqualTo(der.body());
    assertThat(pem.headers().firstValueAsLong("Content-Length"))
        .hasValue(pem.body().getBytes(StandardCharsets.US_ASCII).length);
    // openssl reads both forms as the same CRL.
    assertThat(opensslCrlText(crl)).isEqualTo(opensslCrlText(pemFile(pem.body()), "PEM"));
  }

  @Test
  void cachingHeaders_followTheCrlAndHeadAnswersWithoutBody() {
    Leaf leaf = issue(newIntermediate());
    String url = cdp(leaf.certificate());
    Crl crl = awaitCrl(url, c -> true);

    HttpResponse<byte[]> get = get(url, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> head =
        Stack.send(
            Api.request(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(get.body().length);
    for (String header : List.of("ETag", "Last-Modified", "Expires", "Content-Type")) {
      assertThat(head.headers().firstValue(header))
          .as(header)
          .isPresent()
          .isEqualTo(get.headers().firstValue(header));
    }
    assertThat(httpDate(get, "Last-Modified")).isEqualTo(crl.x509().getThisUpdate().toInstant());
    assertThat(httpDate(get, "Expires")).isEqualTo(crl.x509().getNextUpdate().toInstant());
    assertThat(get.headers().firstValue("Cache-Control").orElseThrow())
        .contains("public")
        .containsPattern("max-age=\\d+");

    HttpResponse<byte[]> again =
        Stack.send(
            Api.request(url)
                .header("If-None-Match", get.headers().firstValue("ETag").orElseThrow())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void caCertificateUrl_servesTheIssuerCertificate() throws Exception {
    Leaf leaf = issue(newIntermediate());
    String url = caIssuers(leaf.certificate());

    HttpResponse<byte[]> der = get(url, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<String> pem =
        get(url.replace(".crt", ".pem"), HttpResponse.BodyHandlers.ofString());

    assertThat(der.statusCode()).isEqualTo(200);
    assertThat(der.headers().firstValue("Content-Type")).hasValue("application/pkix-cert");
    assertThat(der.body()).isEqualTo(leaf.intermediate().getEncoded());
    assertThat(pem.statusCode()).isEqualTo(200);
    assertThat(pem.headers().firstValue("Content-Type")).hasValue("application/x-pem-file");
    assertThat(CaFixture.certificate(pem.body())).isEqualTo(leaf.intermediate());
    leaf.certificate().verify(CaFixture.certificates(der.body()).get(0).getPublicKey());
  }

  @Test
  void unknownLabel_answers404TextAndPostAnswers405() {
    String unknown = Api.WILDFLY + "/pki/crl/no-such-issuer-" + Api.suffix() + ".crl";

    HttpResponse<String> missing = get(unknown, HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertPlainLine(missing);
    assertThat(missing.body()).contains("no issuer is labelled");

    HttpResponse<String> notAPath =
        get(Api.WILDFLY + "/pki/crl/some/where.crl", HttpResponse.BodyHandlers.ofString());
    assertThat(notAPath.statusCode()).isEqualTo(404);
    assertPlainLine(notAPath);

    HttpResponse<String> missingCa =
        get(Api.WILDFLY + "/pki/ca/no-such-issuer.crt", HttpResponse.BodyHandlers.ofString());
    assertThat(missingCa.statusCode()).isEqualTo(404);
    assertPlainLine(missingCa);

    for (String url : List.of(crlUrl(ca.intermediateLabel()), unknown)) {
      HttpResponse<String> post =
          Stack.send(
              Api.request(url).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).as(url).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertPlainLine(post);
    }
  }

  // ---- helpers: the CA ----

  /** A fresh intermediate under the shared root, so that each test's CRLs are its own. */
  private static JsonObject newIntermediate() {
    return CaFixture.intermediate(ca.rootId(), "EC_P256", 365);
  }

  private static Leaf issue(JsonObject intermediate) {
    JsonObject issued =
        Api.expect(
                CaFixture.issue(
                    intermediate.getString("id"),
                    ca.templateId(),
                    CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")),
                    null),
                201)
            .json();
    List<X509Certificate> chain = CaFixture.certificates(issued.getString("chain"));
    assertThat(chain).hasSize(3);
    return new Leaf(
        issued.getJsonObject("certificate").getString("id"),
        chain.get(0),
        chain.get(1),
        chain.get(2));
  }

  private static void revoke(Leaf leaf, String reason, Instant invalidityDate) {
    Api.expect(
        Api.post(
            Clients.operator(),
            "/certificates/" + leaf.id() + "/revoke",
            revocation(reason, invalidityDate)),
        200);
  }

  private static String revocation(String reason, Instant invalidityDate) {
    JsonObjectBuilder body = Json.createObjectBuilder().add("reason", reason);
    if (invalidityDate == null) {
      body.addNull("invalidityDate");
    } else {
      body.add("invalidityDate", invalidityDate.toString());
    }
    return body.build().toString();
  }

  /** The REST id of the intermediate's own certificate, among those its root signed. */
  private static String certificateOfIssuer(JsonObject intermediate) {
    BigInteger serial = new BigInteger(intermediate.getString("serial"), 16);
    return Api.expect(
            Api.get(Clients.auditor(), "/certificates?issuerId=" + ca.rootId() + "&limit=500"), 200)
        .json()
        .getJsonArray("items")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(item -> new BigInteger(item.getString("serial"), 16).equals(serial))
        .map(item -> item.getString("id"))
        .findFirst()
        .orElseThrow();
  }

  // ---- helpers: URLs in certificates and CRLs ----

  /** The one URI of the certificate's CRL distribution point. */
  private static String cdp(X509Certificate certificate) {
    byte[] value = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
    assertThat(value)
        .as("CRL distribution points of %s", certificate.getSubjectX500Principal())
        .isNotNull();
    CRLDistPoint points =
        CRLDistPoint.getInstance(
            org.bouncycastle.asn1.ASN1OctetString.getInstance(value).getOctets());
    assertThat(points.getDistributionPoints()).hasSize(1);
    return onlyUri(points.getDistributionPoints()[0].getDistributionPoint());
  }

  private static String caIssuers(X509Certificate certificate)
      throws IOException, GeneralSecurityException {
    AuthorityInformationAccess aia =
        AuthorityInformationAccess.fromExtensions(
            new X509CertificateHolder(certificate.getEncoded()).getExtensions());
    return List.of(aia.getAccessDescriptions()).stream()
        .filter(d -> d.getAccessMethod().equals(AccessDescription.id_ad_caIssuers))
        .map(d -> d.getAccessLocation().getName().toString())
        .findFirst()
        .orElseThrow();
  }

  private static String freshest(Crl crl) {
    Extension freshest = crl.holder().getExtension(Extension.freshestCRL);
    assertThat(freshest).as("freshestCRL").isNotNull();
    assertThat(freshest.isCritical()).isFalse();
    return onlyUri(
        CRLDistPoint.getInstance(freshest.getParsedValue())
            .getDistributionPoints()[0]
            .getDistributionPoint());
  }

  private static String idp(Crl crl) {
    Extension idp = crl.holder().getExtension(Extension.issuingDistributionPoint);
    assertThat(idp).as("issuingDistributionPoint").isNotNull();
    assertThat(idp.isCritical()).isTrue();
    return onlyUri(
        IssuingDistributionPoint.getInstance(idp.getParsedValue()).getDistributionPoint());
  }

  private static String onlyUri(DistributionPointName name) {
    GeneralName[] names = GeneralNames.getInstance(name.getName()).getNames();
    assertThat(names).hasSize(1);
    assertThat(names[0].getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
    return names[0].getName().toString();
  }

  private static String crlUrl(String label) {
    return Api.WILDFLY + "/pki/crl/" + label + ".crl";
  }

  // ---- helpers: fetching ----

  private static <T> HttpResponse<T> get(String url, HttpResponse.BodyHandler<T> handler) {
    return Stack.send(Api.request(url).GET().build(), handler);
  }

  /** Fetches the CRL at {@code url} until one satisfies {@code wanted}, within a deadline. */
  private static Crl awaitCrl(String url, Predicate<Crl> wanted) {
    Instant deadline = Instant.now().plus(CRL_DEADLINE);
    String last = "nothing";
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<byte[]> answer = get(url, HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() == 200) {
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        Crl crl = parse(answer.body());
        if (wanted.test(crl)) {
          return crl;
        }
        last = "CRL number " + crl.number();
      } else {
        last = answer.statusCode() + " " + new String(answer.body(), StandardCharsets.UTF_8);
      }
      sleep(200);
    }
    throw new AssertionError("no wanted CRL at " + url + " within " + CRL_DEADLINE + ": " + last);
  }

  private static Crl parse(byte[] der) {
    try {
      X509CRL crl =
          (X509CRL)
              CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
      return new Crl(der, crl, new X509CRLHolder(der));
    } catch (GeneralSecurityException | IOException e) {
      throw new AssertionError("not a CRL", e);
    }
  }

  // ---- helpers: openssl ----

  private Path crlFile(Crl crl) {
    return pemFile(
        "-----BEGIN X509 CRL-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(crl.der())
            + "\n-----END X509 CRL-----\n");
  }

  private Path pemFile(String pem) {
    return CaFixture.write(work, "crl-" + Api.suffix() + ".pem", pem);
  }

  private Stack.Run verify(Leaf leaf, Object... options) {
    String name = Api.suffix();
    List<String> command = new ArrayList<>(List.of("openssl", "verify"));
    for (Object option : options) {
      if (option instanceof Path crl) {
        command.addAll(List.of("-CRLfile", crl.toString()));
      } else {
        command.add(option.toString());
      }
    }
    command.addAll(
        List.of(
            "-CAfile",
            CaFixture.writePem(work, name + "-root.pem", leaf.root()).toString(),
            "-untrusted",
            CaFixture.writePem(work, name + "-intermediate.pem", leaf.intermediate()).toString(),
            CaFixture.writePem(work, name + "-leaf.pem", leaf.certificate()).toString()));
    return Api.run(command, Map.of());
  }

  private void assertVerifies(Leaf leaf, Object... options) {
    Stack.Run run = verify(leaf, options);
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stdout()).as("%s", run).contains(": OK");
  }

  private void assertRevoked(Leaf leaf, Object... options) {
    Stack.Run run = verify(leaf, options);
    assertThat(run.exitCode()).as("%s", run).isNotZero();
    assertThat(run.stdout() + run.stderr())
        .as("%s", run)
        .contains("error 23 at 0 depth lookup: certificate revoked");
  }

  private String opensslCrlText(Crl crl) {
    return opensslCrlText(CaFixture.write(work, "crl-" + Api.suffix() + ".der", crl.der()), "DER");
  }

  private static String opensslCrlText(Path file, String format) {
    Stack.Run run =
        Api.succeed("openssl", "crl", "-inform", format, "-in", file.toString(), "-text", "-noout");
    return run.stdout();
  }

  /** The lines openssl prints for one entry: from its serial to the next entry. */
  private static String entryText(String text, Leaf leaf) {
    String serial = leaf.serial().toString(16).toUpperCase(java.util.Locale.ROOT);
    if (serial.length() % 2 == 1) {
      serial = "0" + serial;
    }
    int start = text.indexOf("Serial Number: " + serial);
    assertThat(start).as("entry %s in\n%s", serial, text).isNotNegative();
    int end = text.indexOf("Serial Number:", start + 1);
    int signature = text.indexOf("Signature Algorithm:", start);
    int stop = end < 0 ? signature : Math.min(end, signature);
    return text.substring(start, stop);
  }

  /** openssl's way of printing a time: "Nov 23 03:03:44 2026 GMT". */
  private static String opensslDate(Instant instant) {
    return DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", java.util.Locale.ROOT)
        .format(instant.atZone(java.time.ZoneOffset.UTC));
  }

  // ---- helpers: Java PKIX ----

  /** Validates leaf and intermediate under the root, revocation from CRLs only. */
  private static void pkixValidate(Leaf leaf) throws GeneralSecurityException {
    // Read when each validation starts: lets the checker fetch CRLs from distribution points.
    System.setProperty("com.sun.security.enableCRLDP", "true");
    CertPathValidator validator = CertPathValidator.getInstance("PKIX");
    PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
    checker.setOptions(
        EnumSet.of(
            PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(leaf.root(), null)));
    // The checker given here replaces the default one (PKIXCertPathValidator adds no other).
    parameters.addCertPathChecker(checker);
    validator.validate(
        CertificateFactory.getInstance("X.509")
            .generateCertPath(List.of(leaf.certificate(), leaf.intermediate())),
        parameters);
  }

  // ---- helpers: HTTP ----

  private static void assertPlainLine(HttpResponse<String> answer) {
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(answer.body().strip()).isNotEmpty().doesNotContain("\n").doesNotContain("Exception");
  }

  private static Instant httpDate(HttpResponse<?> answer, String header) {
    return ZonedDateTime.parse(
            answer.headers().firstValue(header).orElseThrow(), DateTimeFormatter.RFC_1123_DATE_TIME)
        .toInstant();
  }

  private static byte[] fromPem(String pem) {
    String base64 =
        pem.replace("-----BEGIN X509 CRL-----", "").replace("-----END X509 CRL-----", "");
    return Base64.getMimeDecoder().decode(base64);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
