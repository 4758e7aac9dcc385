package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.system.Stack;
import dev.pca.system.ca.CaFixture.Ca;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCSP responder (RFC 6960, RFC 5019) asked by real clients: the openssl command line, Java's
 * PKIX validator with its OCSP revocation checker, and Bouncy Castle requests over HTTP. Answers
 * are signed by the issuer's delegated responder, whose certificate the CA signed.
 */
@ExtendWith(Clients.class)
class OcspIT {
  private static final String OCSP = Api.WILDFLY + "/pki/ocsp";
  private static final String RESPONSE_TYPE = "application/ocsp-response";
  private static final Duration VALIDITY = Duration.ofHours(1); // CaFixture's repositories

  private static Ca ca;
  private static X509Certificate root;
  private static X509Certificate intermediate;

  @TempDir Path work;

  @BeforeAll
  static void makeCa() {
    ca = CaFixture.newCa();
    List<X509Certificate> chain = CaFixture.certificates(issue(ca).getString("chain"));
    intermediate = chain.get(1);
    root = chain.get(2);
    awaitResponder(intermediate);
    awaitResponder(root);
  }

  // ---- openssl ocsp ----

  @Test
  void openssl_goodCertificateWithNonce_answersGoodSignedByTheDelegatedResponder() {
    X509Certificate leaf = leaf();

    Stack.Run run = openssl(List.of(leaf));

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stderr()).as("%s", run).contains("Response verify OK");
    assertThat(run.stdout()).as("%s", run).contains("leaf-0.pem: good");
    assertThat(run.stdout())
        .as("%s", run)
        .contains("OCSP Nonce")
        .contains("OCSP Signing")
        .contains("OCSP No Check")
        .doesNotContain("WARNING");
    assertThat(run.stderr()).as("%s", run).doesNotContain("nonce");
  }

  @Test
  void openssl_withoutNonce_answersGoodWithoutNonce() {
    Stack.Run run = openssl(List.of(leaf()), "-no_nonce");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stderr()).as("%s", run).contains("Response verify OK");
    assertThat(run.stdout()).as("%s", run).contains("leaf-0.pem: good");
    assertThat(run.stdout()).as("%s", run).doesNotContain("OCSP Nonce");
  }

  @Test
  void openssl_revokedCertificate_answersRevokedWithReasonAndTime() {
    JsonObject issued = issue(ca);
    X509Certificate leaf = CaFixture.certificate(issued.getString("pem"));
    revoke(issued, "KEY_COMPROMISE");
    awaitStatus(leaf, RevokedStatus.class);

    Stack.Run run = openssl(List.of(leaf));

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stderr()).as("%s", run).contains("Response verify OK");
    assertThat(run.stdout())
        .as("%s", run)
        .contains("leaf-0.pem: revoked")
        .contains("Reason: keyCompromise")
        .contains("Revocation Time:");
  }

  @Test
  void openssl_serialNeverIssued_answersUnknown() {
    String serial = "0x" + new BigInteger(80, new SecureRandom()).toString(16);

    Stack.Run run = openssl(List.of(), "-serial", serial);

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stderr()).as("%s", run).contains("Response verify OK");
    assertThat(run.stdout()).as("%s", run).contains(serial + ": unknown");
  }

  @Test
  void openssl_severalCertificatesInOneRequest_answersEachInOneSignedResponse() {
    X509Certificate good = leaf();
    JsonObject issued = issue(ca);
    X509Certificate revoked = CaFixture.certificate(issued.getString("pem"));
    revoke(issued, "SUPERSEDED");
    awaitStatus(revoked, RevokedStatus.class);

    Stack.Run run = openssl(List.of(good, revoked), "-serial", "0x5ca1ab1e");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stderr()).as("%s", run).contains("Response verify OK");
    assertThat(run.stdout())
        .as("%s", run)
        .contains("leaf-0.pem: good")
        .contains("leaf-1.pem: revoked")
        .contains("Reason: superseded")
        .contains("0x5ca1ab1e: unknown");
  }

  // ---- Java's PKIX validator ----

  @Test
  void pkix_ocspOnlyFromTheAiaUrl_validatesBeforeAndRefusesAfterRevocation() throws Exception {
    JsonObject issued = issue(ca);
    X509Certificate leaf = CaFixture.certificate(issued.getString("pem"));
    assertThat(ocspUrls(leaf)).containsExactly(OCSP);
    assertThat(ocspUrls(intermediate)).containsExactly(OCSP);

    // Every certificate of the path, the intermediate too (asked of the root's responder).
    validate(leaf, EnumSet.of(PKIXRevocationChecker.Option.NO_FALLBACK));

    revoke(issued, "KEY_COMPROMISE");
    awaitStatus(leaf, RevokedStatus.class);
    assertThatThrownBy(
            () ->
                validate(
                    leaf,
                    EnumSet.of(
                        PKIXRevocationChecker.Option.NO_FALLBACK,
                        PKIXRevocationChecker.Option.ONLY_END_ENTITY)))
        .isInstanceOfSatisfying(
            CertPathValidatorException.class,
            e ->
                assertThat(e.getReason())
                    .isEqualTo(CertPathValidatorException.BasicReason.REVOKED));
  }

  // ---- freshness ----

  @Test
  void revocation_showsInTheAnswersWithinOneSecond() throws Exception {
    JsonObject issued = issue(ca);
    X509Certificate leaf = CaFixture.certificate(issued.getString("pem"));
    // Asked by GET twice first, so that a kept answer exists that the revocation must replace.
    assertThat(status(get(request(leaf, null)))).isEqualTo(CertificateStatus.GOOD);
    assertThat(status(get(request(leaf, null)))).isEqualTo(CertificateStatus.GOOD);

    revoke(issued, "KEY_COMPROMISE");
    Instant acknowledged = Instant.now();

    CertificateStatus seen;
    do {
      seen = status(get(request(leaf, null)));
    } while (!(seen instanceof RevokedStatus)
        && Duration.between(acknowledged, Instant.now()).toMillis() < 2000);
    Duration took = Duration.between(acknowledged, Instant.now());
    assertThat(seen).isInstanceOf(RevokedStatus.class);
    assertThat(took)
        .as("revoked visible after %s", took)
        .isLessThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void hold_isRevokedWithCertificateHold_andReleaseMakesItGoodAgain() throws Exception {
    JsonObject issued = issue(ca);
    X509Certificate leaf = CaFixture.certificate(issued.getString("pem"));
    assertThat(status(get(request(leaf, null)))).isEqualTo(CertificateStatus.GOOD);

    revoke(issued, "CERTIFICATE_HOLD");
    RevokedStatus held = (RevokedStatus) awaitStatus(leaf, RevokedStatus.class);
    assertThat(held.getRevocationReason()).isEqualTo(CRLReason.certificateHold);

    Api.expect(Api.post(Clients.operator(), "/certificates/" + id(issued) + "/release", null), 200);
    assertThat(awaitStatus(leaf, null)).isEqualTo(CertificateStatus.GOOD);
  }

  // ---- HTTP ----

  @Test
  void get_signedAnswer_carriesTheCachingHeadersOfRfc5019_postDoesNot() throws Exception {
    X509Certificate leaf = leaf();

    HttpResponse<byte[]> get = get(request(leaf, null));
    HttpResponse<byte[]> post = post(request(leaf, null));

    SingleResp single = single(get);
    Instant thisUpdate = single.getThisUpdate().toInstant();
    Instant nextUpdate = single.getNextUpdate().toInstant();
    assertThat(Duration.between(thisUpdate, nextUpdate)).isEqualTo(VALIDITY);
    String cacheControl = get.headers().firstValue("Cache-Control").orElseThrow();
    assertThat(cacheControl).contains("public", "no-transform", "must-revalidate");
    long maxAge = Long.parseLong(cacheControl.replaceAll(".*max-age=(\\d+).*", "$1"));
    assertThat(maxAge).isPositive().isLessThan(VALIDITY.toSeconds());
    assertThat(httpDate(get, "Last-Modified")).isEqualTo(thisUpdate);
    assertThat(httpDate(get, "Expires")).isEqualTo(nextUpdate);
    assertThat(get.headers().firstValue("ETag"))
        .hasValueSatisfying(tag -> assertThat(tag).matches("\"[0-9a-f]{40}\""));

    assertThat(single(post).getCertStatus()).isEqualTo(CertificateStatus.GOOD);
    for (String header : List.of("Cache-Control", "Last-Modified", "Expires", "ETag")) {
      assertThat(post.headers().firstValue(header)).as(header).isEmpty();
    }
  }

  @Test
  void badRequests_answerMalformedRequestWithHttp200AndNoStackTrace() throws Exception {
    byte[] good = request(leaf(), null);
    byte[] garbage = "GET me a status, please".getBytes(StandardCharsets.US_ASCII);
    byte[] truncated = Arrays.copyOf(good, good.length - 5);
    byte[] oversized = request(leaf(), new byte[70 * 1024]);
    byte[] tooLongNonce = request(leaf(), new byte[33]);
    byte[] tooMany = requestForSerials(17);

    for (byte[] bad : List.of(garbage, truncated, oversized, tooLongNonce, tooMany)) {
      assertErrorAnswer(post(bad), OCSPResp.MALFORMED_REQUEST);
    }
    assertErrorAnswer(get("%7E%7Enot-base64"), OCSPResp.MALFORMED_REQUEST);
    assertErrorAnswer(
        get(Base64.getEncoder().encodeToString(truncated)), OCSPResp.MALFORMED_REQUEST);
    // The cap itself is allowed.
    assertThat(basic(post(requestForSerials(16))).getResponses()).hasSize(16);
  }

  // ---- switches and key types ----

  @Test
  void repositoryWithOcspOff_hasNoOcspPointer_andIsUnauthorized() throws Exception {
    Ca off = CaFixture.newCa("EC_P256", true, false);
    JsonObject issued = issue(off);
    List<X509Certificate> chain = CaFixture.certificates(issued.getString("chain"));
    X509Certificate leaf = chain.get(0);

    assertThat(ocspUrls(leaf)).isEmpty();
    assertThat(ocspUrls(chain.get(1))).isEmpty();
    // Well past the two seconds in which a responder would have been made, were OCSP on.
    Thread.sleep(2500);
    byte[] question = request(leaf, chain.get(1), null);
    assertErrorAnswer(post(question), OCSPResp.UNAUTHORIZED);
    assertErrorAnswer(get(question), OCSPResp.UNAUTHORIZED);
  }

  @Test
  void rsaIssuer_isAnsweredByAnRsaResponder() {
    Ca rsa = CaFixture.newCa("RSA_2048", true, true);
    JsonObject issued = issue(rsa);
    List<X509Certificate> chain = CaFixture.certificates(issued.getString("chain"));
    awaitResponder(chain.get(1));

    Stack.Run run = openssl(chain.get(1), chain.get(2), List.of(chain.get(0)));

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.stderr()).as("%s", run).contains("Response verify OK");
    assertThat(run.stdout()).as("%s", run).contains("leaf-0.pem: good").contains("rsaEncryption");
  }

  // ---- helpers: the CA ----

  private static JsonObject issue(Ca of) {
    return CaFixture.issued(of, CaFixture.csr("CN=a.example.com", CaFixture.dns("a.example.com")));
  }

  private static X509Certificate leaf() {
    return CaFixture.certificate(issue(ca).getString("pem"));
  }

  private static String id(JsonObject issued) {
    return issued.getJsonObject("certificate").getString("id");
  }

  private static void revoke(JsonObject issued, String reason) {
    Api.expect(
        Api.post(
            Clients.operator(),
            "/certificates/" + id(issued) + "/revoke",
            Json.createObjectBuilder()
                .add("reason", reason)
                .addNull("invalidityDate")
                .build()
                .toString()),
        200);
  }

  /** Waits (at most 120 s) until the issuer's delegated responder exists: no more tryLater. */
  private static void awaitResponder(X509Certificate issuer) {
    Instant deadline = Instant.now().plusSeconds(120);
    int status;
    do {
      status = ocspStatus(post(request(issuer, BigInteger.ONE, null)));
      if (status != OCSPResp.TRY_LATER) {
        break;
      }
      sleep(200);
    } while (Instant.now().isBefore(deadline));
    assertThat(status).as("OCSP status for the new issuer").isEqualTo(OCSPResp.SUCCESSFUL);
  }

  /**
   * Asks by GET until the certificate has the status (a class of status, or null for good), for at
   * most a second: the responder promises no more.
   */
  private static CertificateStatus awaitStatus(X509Certificate leaf, Class<?> wanted) {
    Instant deadline = Instant.now().plusSeconds(1);
    CertificateStatus seen;
    do {
      seen = status(get(request(leaf, null)));
      if (wanted == null ? seen == CertificateStatus.GOOD : wanted.isInstance(seen)) {
        return seen;
      }
      sleep(50);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("status " + seen + " after a second, wanted " + wanted);
  }

  // ---- helpers: requests and answers ----

  private static byte[] request(X509Certificate leaf, byte[] nonce) {
    return request(leaf, intermediate, nonce);
  }

  private static byte[] request(X509Certificate leaf, X509Certificate issuer, byte[] nonce) {
    return request(issuer, leaf.getSerialNumber(), nonce);
  }

  private static byte[] request(X509Certificate issuer, BigInteger serial, byte[] nonce) {
    try {
      OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(certId(issuer, serial));
      if (nonce != null) {
        builder.setRequestExtensions(
            new Extensions(
                new Extension(
                    OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                    false,
                    new DEROctetString(new DEROctetString(nonce).getEncoded()))));
      }
      return builder.build().getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] requestForSerials(int count) throws Exception {
    OCSPReqBuilder builder = new OCSPReqBuilder();
    for (int i = 0; i < count; i++) {
      builder.addRequest(certId(intermediate, BigInteger.valueOf(1000 + i)));
    }
    return builder.build().getEncoded();
  }

  private static CertificateID certId(X509Certificate issuer, BigInteger serial) throws Exception {
    return new CertificateID(
        new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
        new X509CertificateHolder(issuer.getEncoded()),
        serial);
  }

  private static HttpResponse<byte[]> post(byte[] body) {
    return Api.send(
        Api.request(OCSP)
            .header("Content-Type", "application/ocsp-request")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** RFC 5019 section 5: the URL-encoded base64 of the DER request after the responder's URL. */
  private static HttpResponse<byte[]> get(byte[] request) {
    return get(
        URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.UTF_8));
  }

  private static HttpResponse<byte[]> get(String path) {
    return Api.send(
        Api.request(OCSP + "/" + path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static int ocspStatus(HttpResponse<byte[]> answer) {
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue(RESPONSE_TYPE);
    try {
      return new OCSPResp(answer.body()).getStatus();
    } catch (java.io.IOException e) {
      throw new AssertionError("not an OCSP response: " + new String(answer.body()), e);
    }
  }

  /** The signed answer, checked against the responder certificate, which the issuer signed. */
  private static BasicOCSPResp basic(HttpResponse<byte[]> answer) throws Exception {
    assertThat(ocspStatus(answer)).isEqualTo(OCSPResp.SUCCESSFUL);
    BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(answer.body()).getResponseObject();
    X509CertificateHolder responder = basic.getCerts()[0];
    assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder)))
        .isTrue();
    return basic;
  }

  private static SingleResp single(HttpResponse<byte[]> answer) throws Exception {
    return basic(answer).getResponses()[0];
  }

  private static CertificateStatus status(HttpResponse<byte[]> answer) {
    try {
      return single(answer).getCertStatus();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertErrorAnswer(HttpResponse<byte[]> answer, int status) throws Exception {
    assertThat(ocspStatus(answer)).isEqualTo(status);
    assertThat(new OCSPResp(answer.body()).getResponseObject()).isNull();
    String text = new String(answer.body(), StandardCharsets.ISO_8859_1);
    assertThat(answer.body().length).isLessThan(16);
    assertThat(text).doesNotContain("Exception").doesNotContain("at dev.");
  }

  private static Instant httpDate(HttpResponse<byte[]> answer, String header) {
    return ZonedDateTime.parse(
            answer.headers().firstValue(header).orElseThrow(), DateTimeFormatter.RFC_1123_DATE_TIME)
        .toInstant();
  }

  private static List<String> ocspUrls(X509Certificate certificate) {
    byte[] value = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
    if (value == null) {
      return List.of();
    }
    AuthorityInformationAccess aia =
        AuthorityInformationAccess.getInstance(DEROctetString.getInstance(value).getOctets());
    return Arrays.stream(aia.getAccessDescriptions())
        .filter(access -> access.getAccessMethod().equals(AccessDescription.id_ad_ocsp))
        .map(access -> access.getAccessLocation().getName().toString())
        .toList();
  }

  // ---- helpers: clients ----

  /** {@code openssl ocsp} about certificates of the test CA's intermediate. */
  private Stack.Run openssl(List<X509Certificate> leaves, String... extra) {
    return openssl(intermediate, root, leaves, extra);
  }

  /**
   * {@code openssl ocsp} about {@code leaves} (and what {@code extra} adds), trusting the chain of
   * {@code issuer} and {@code root} to verify the answer.
   */
  private Stack.Run openssl(
      X509Certificate issuer, X509Certificate root, List<X509Certificate> leaves, String... extra) {
    Path issuerFile = CaFixture.writePem(work, "issuer.pem", issuer);
    Path chain = CaFixture.write(work, "chain.pem", CaFixture.pem(issuer) + CaFixture.pem(root));
    List<String> command =
        new ArrayList<>(List.of("openssl", "ocsp", "-issuer", issuerFile.toString(), "-url", OCSP));
    for (int i = 0; i < leaves.size(); i++) {
      command.add("-cert");
      command.add(CaFixture.writePem(work, "leaf-" + i + ".pem", leaves.get(i)).toString());
    }
    command.addAll(List.of("-CAfile", chain.toString(), "-timeout", "30", "-resp_text"));
    command.addAll(List.of(extra));
    return Api.run(command, java.util.Map.of());
  }

  private static void validate(X509Certificate leaf, Set<PKIXRevocationChecker.Option> options)
      throws Exception {
    CertPathValidator validator = CertPathValidator.getInstance("PKIX");
    PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
    checker.setOptions(options);
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.addCertPathChecker(checker);
    validator.validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, intermediate)),
        parameters);
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
