package dev.pca.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OCSP responder WAR answers on /pki/ocsp in both RFC 6960 transports. A CA made up by the test
 * is none of the stack's, so a well-formed question about any of its certificates is {@code
 * unauthorized}; bytes that are no question at all are {@code malformedRequest}. Either way the
 * answer is an OCSP response, never an HTTP error page.
 */
class OcspWiringIT {
  private static final String OCSP = Stack.WILDFLY + "/pki/ocsp";
  private static final String REQUEST_TYPE = "application/ocsp-request";
  private static final String RESPONSE_TYPE = "application/ocsp-response";
  private static final int LIMIT = 64 * 1024;

  private Path work;

  @BeforeEach
  void makeWorkDir() throws IOException {
    work = Files.createTempDirectory("pca-ocsp-");
  }

  @AfterEach
  void removeWorkDir() {
    Stack.deleteRecursively(work);
  }

  @Test
  void ocsp_opensslAsksWhileNoCaExists_answersUnauthorized() {
    Stack.Run run = opensslOcsp();

    assertThat(run.timedOut()).as(run.toString()).isFalse();
    assertThat(run.stdout()).as(run.toString()).contains("Responder Error: unauthorized (6)");
  }

  @Test
  void ocsp_opensslAsksWithoutNonceWhileNoCaExists_answersUnauthorized() {
    Stack.Run run = opensslOcsp("-no_nonce");

    assertThat(run.timedOut()).as(run.toString()).isFalse();
    assertThat(run.stdout()).as(run.toString()).contains("Responder Error: unauthorized (6)");
  }

  @Test
  void ocsp_getFormWhileNoCaExists_answersUnauthorized() throws Exception {
    byte[] question = wellFormedRequest(null);
    // RFC 5019 section 5: base64 of the DER request, then URL-encoded, as the last path segment.
    String path =
        URLEncoder.encode(Base64.getEncoder().encodeToString(question), StandardCharsets.UTF_8);

    HttpResponse<byte[]> answer =
        Stack.send(
            Stack.request(OCSP + "/" + path).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());

    OCSPResp response = ocspAnswer(answer);
    assertThat(response.getStatus()).isEqualTo(OCSPResp.UNAUTHORIZED);
    assertThat(response.getResponseObject()).isNull();
  }

  @Test
  void ocsp_garbageBody_answersMalformedRequest() throws Exception {
    byte[] garbage = "this is not DER, just words".getBytes(StandardCharsets.US_ASCII);

    OCSPResp response = ocspAnswer(post(garbage));

    assertThat(response.getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    assertThat(response.getResponseObject()).isNull();
  }

  @Test
  void ocsp_emptyBody_answersMalformedRequest() throws Exception {
    OCSPResp response = ocspAnswer(post(new byte[0]));

    assertThat(response.getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    assertThat(response.getResponseObject()).isNull();
  }

  @Test
  void ocsp_bodyOver64KiB_answersMalformedRequest() throws Exception {
    // Well-formed DER, only too big: had the size limit not been checked, the answer would be
    // unauthorized like every other well-formed request.
    byte[] oversize = wellFormedRequest(new byte[LIMIT + 1024]);
    assertThat(oversize.length).isGreaterThan(LIMIT);

    OCSPResp response = ocspAnswer(post(oversize));

    assertThat(response.getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    assertThat(response.getResponseObject()).isNull();
  }

  /** Asks with the openssl command-line client about a throwaway leaf of a throwaway CA. */
  private Stack.Run opensslOcsp(String... extra) {
    String ca = work.resolve("ca.pem").toString();
    String caKey = work.resolve("ca.key").toString();
    String leaf = work.resolve("leaf.pem").toString();
    String leafKey = work.resolve("leaf.key").toString();
    String csr = work.resolve("leaf.csr").toString();
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        caKey,
        "-out",
        ca,
        "-subj",
        "/CN=PCA system test throwaway CA",
        "-days",
        "1");
    openssl(
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        leafKey,
        "-out",
        csr,
        "-subj",
        "/CN=pca-system-test-leaf");
    openssl(
        "x509",
        "-req",
        "-in",
        csr,
        "-CA",
        ca,
        "-CAkey",
        caKey,
        "-set_serial",
        "0x5ca1ab1e",
        "-days",
        "1",
        "-out",
        leaf);

    List<String> command =
        new ArrayList<>(
            List.of(
                "openssl",
                "ocsp",
                "-issuer",
                ca,
                "-cert",
                leaf,
                "-url",
                OCSP,
                "-timeout",
                "30",
                "-resp_text"));
    command.addAll(List.of(extra));
    return Stack.run(command, Duration.ofSeconds(60));
  }

  private static void openssl(String... arguments) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    Stack.Run run = Stack.run(command, Duration.ofSeconds(60));
    assertThat(run.exitCode()).as("%s: %s", command, run).isZero();
  }

  private static HttpResponse<byte[]> post(byte[] body) {
    return Stack.send(
        Stack.request(OCSP)
            .header("Content-Type", REQUEST_TYPE)
            .POST(
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The OCSP answer inside a successful HTTP exchange, as RFC 6960 appendix A prescribes. */
  private static OCSPResp ocspAnswer(HttpResponse<byte[]> answer) throws IOException {
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith(RESPONSE_TYPE));
    return new OCSPResp(answer.body());
  }

  /**
   * A DER OCSP request about a serial number of a CA made up here; {@code nonce}, when given, goes
   * in as the nonce extension (a way to make a request arbitrarily large yet well-formed).
   */
  private static byte[] wellFormedRequest(byte[] nonce)
      throws GeneralSecurityException, OperatorCreationException, OCSPException, IOException {
    KeyPair caKeys = ecKeyPair();
    X500Name caName = new X500Name("CN=PCA system test throwaway CA");
    X509CertificateHolder ca =
        new JcaX509v3CertificateBuilder(
                caName, serial(), notBefore(), notAfter(), caName, caKeys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .build(signer(caKeys.getPrivate()));
    // The question names a leaf by its issuer's name and key hashes plus its serial number, so the
    // leaf itself never needs to exist.
    BigInteger leafSerial = serial();
    CertificateID id =
        new CertificateID(
            new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
            ca,
            leafSerial);
    OCSPReqBuilder request = new OCSPReqBuilder().addRequest(id);
    if (nonce != null) {
      request.setRequestExtensions(
          new Extensions(
              new Extension(
                  OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce))));
    }
    return request.build().getEncoded();
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
    return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
  }

  private static Date notAfter() {
    return Date.from(Instant.now().plus(Duration.ofDays(1)));
  }
}
