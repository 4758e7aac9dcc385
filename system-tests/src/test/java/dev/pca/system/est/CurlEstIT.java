package dev.pca.system.est;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.ca.Api;
import dev.pca.system.ca.CaFixture;
import dev.pca.system.ca.Clients;
import dev.pca.system.est.EstFixture.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EST on the wire with curl and openssl: keys and CSRs made by {@code openssl req}, requests sent
 * by curl with the server's certificate pinned ({@code --cacert}), answers decoded and checked by
 * openssl. The assertions are on status codes, headers and what openssl makes of the bodies.
 */
@ExtendWith(Clients.class)
class CurlEstIT {
  private static CaFixture.Ca ca;
  private Path work;

  @BeforeAll
  static void makeCa() {
    ca = EstFixture.newCa();
  }

  @BeforeEach
  void makeWorkDir() throws IOException {
    work = Files.createTempDirectory("pca-est-curl-");
  }

  @AfterEach
  void removeWorkDir() {
    Stack.deleteRecursively(work);
  }

  @Test
  void cacerts_isABase64CertsOnlyMessage_thatOpensslReads() {
    Profile profile = EstFixture.basicProfile(ca, false);

    Answer answer = curl(profile.url("cacerts"));

    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    assertThat(answer.header("content-type"))
        .isEqualTo("application/pkcs7-mime; smime-type=certs-only");
    assertThat(caChain(answer)).hasSize(2);
  }

  @Test
  void simpleenroll_withBasicAuth_answersTheCertificate_whichOpensslVerifies() {
    Profile profile = EstFixture.basicProfile(ca, false);
    Device device = device();

    Answer answer = enrol(profile, device, "simpleenroll", "-u", basic(profile));

    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    X509Certificate issued = certificate(answer);
    assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=" + device.name());
    EstFixture.assertVerifies(work, issued, chain(profile));
  }

  @Test
  void simpleenroll_withoutOrWithAWrongPassword_answers401WithTheBasicChallenge() {
    Profile profile = EstFixture.basicProfile(ca, false);
    Device device = device();

    for (Answer answer :
        List.of(
            enrol(profile, device, "simpleenroll"),
            enrol(profile, device, "simpleenroll", "-u", profile.username() + ":wrong"),
            enrol(profile, device, "serverkeygen", "-u", "intruder:" + profile.password()))) {
      assertThat(answer.status()).as("%s", answer).isEqualTo(401);
      assertThat(answer.header("www-authenticate")).startsWith("Basic realm=\"est\"");
      assertThat(answer.text()).doesNotContain("Exception");
    }
  }

  @Test
  void simplereenroll_withTheCurrentCertificateOverTls_issuesANewOne_withoutItIsRefused() {
    Profile profile = EstFixture.basicProfile(ca, false);
    Device device = device();
    Path current = pem(certificate(enrol(profile, device, "simpleenroll", "-u", basic(profile))));

    Answer renewed =
        enrol(
            profile,
            device,
            "simplereenroll",
            "--cert",
            current.toString(),
            "--key",
            device.key().toString());
    Answer anonymous = enrol(profile, device, "simplereenroll");

    assertThat(renewed.status()).as("%s", renewed).isEqualTo(200);
    EstFixture.assertVerifies(work, certificate(renewed), chain(profile));
    assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(403);
  }

  @Test
  void simplereenroll_withARevokedCertificate_answers403() {
    Profile profile = EstFixture.basicProfile(ca, false);
    Device device = device();
    X509Certificate current =
        certificate(enrol(profile, device, "simpleenroll", "-u", basic(profile)));
    EstFixture.revoke(ca, current);

    Answer answer =
        enrol(
            profile,
            device,
            "simplereenroll",
            "--cert",
            pem(current).toString(),
            "--key",
            device.key().toString());

    assertThat(answer.status()).as("%s", answer).isEqualTo(403);
    assertThat(answer.header("content-type")).startsWith("text/plain");
    assertThat(answer.text()).contains("revoked");
  }

  @Test
  void csrattrs_isBase64CsrAttrs_namingTheTemplatesKeyTypes() {
    Profile profile = EstFixture.basicProfile(ca, false);

    Answer answer = curl(profile.url("csrattrs"));

    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    assertThat(answer.header("content-type")).isEqualTo("application/csrattrs");
    Path der = decodeBase64(answer.body());
    Stack.Run parsed = openssl("asn1parse", "-inform", "DER", "-in", der.toString());
    assertThat(parsed.stdout()).contains("id-ecPublicKey", "prime256v1", "rsaEncryption");
  }

  @Test
  void serverkeygen_answersTheKeyAndItsCertificate_asTwoParts() {
    Profile profile = EstFixture.basicProfile(ca, false);
    Device device = device();

    Answer answer = enrol(profile, device, "serverkeygen", "-u", basic(profile));

    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    assertThat(answer.header("cache-control")).isEqualTo("no-store");
    String boundary = answer.header("content-type").replaceFirst("^multipart/mixed; boundary=", "");
    String body = new String(answer.body(), StandardCharsets.US_ASCII);
    String[] parts = body.split("--" + Pattern.quote(boundary));
    assertThat(parts[1]).contains("Content-Type: application/pkcs8");
    assertThat(parts[2]).contains("Content-Type: application/pkcs7-mime; smime-type=certs-only");
    Path key = decodeBase64(partBody(parts[1]));
    X509Certificate issued = EstFixture.leaf(certsOnly(decodeBase64(partBody(parts[2]))));
    Path certificate = pem(issued);
    // The key is the certificate's: openssl derives the same public key from both.
    assertThat(openssl("pkey", "-inform", "DER", "-in", key.toString(), "-pubout").stdout())
        .isEqualTo(openssl("x509", "-in", certificate.toString(), "-pubkey", "-noout").stdout());
    EstFixture.assertVerifies(work, issued, chain(profile));
  }

  @Test
  void pendingEnrollment_answers202WithRetryAfter_thenTheCertificateOnceApproved() {
    Profile profile = EstFixture.basicProfile(ca, true);
    Device device = device();

    Answer pending = enrol(profile, device, "simpleenroll", "-u", basic(profile));
    assertThat(pending.status()).as("%s", pending).isEqualTo(202);
    assertThat(Integer.parseInt(pending.header("retry-after"))).isPositive();

    EstFixture.approve(profile);
    Answer retried = enrol(profile, device, "simpleenroll", "-u", basic(profile));

    assertThat(retried.status()).as("%s", retried).isEqualTo(200);
    EstFixture.assertVerifies(work, certificate(retried), chain(profile));
  }

  @Test
  void clientCertificateProfile_admitsACertificateOfItsCa_andRefusesADeviceWithout() {
    Profile bootstrap = EstFixture.basicProfile(ca, false);
    Profile profile = EstFixture.certificateProfile(ca);
    Device device = device();
    Path current =
        pem(certificate(enrol(bootstrap, device, "simpleenroll", "-u", basic(bootstrap))));
    Device next = device();

    Answer admitted =
        enrol(
            profile,
            next,
            "simpleenroll",
            "--cert",
            current.toString(),
            "--key",
            device.key().toString());
    Answer refused = enrol(profile, next, "simpleenroll");

    assertThat(admitted.status()).as("%s", admitted).isEqualTo(200);
    EstFixture.assertVerifies(work, certificate(admitted), chain(profile));
    assertThat(refused.status()).as("%s", refused).isEqualTo(403);
  }

  @Test
  void badRequests_getTheirStatusAndAShortText_neverAStackTrace() {
    Profile profile = EstFixture.basicProfile(ca, false);
    Device device = device();
    Path garbage = write("garbage.b64", "this is no CSR".getBytes(StandardCharsets.US_ASCII));

    Answer notBase64 = post(profile.url("simpleenroll"), garbage, "-u", basic(profile));
    Answer wrongType =
        curl(
            profile.url("simpleenroll"), "-u", basic(profile), "--data-binary", "@" + device.csr());
    Answer unknownLabel =
        post(
            EstFixture.BASE
                + "/est-nosuch-"
                + Api.suffix().toLowerCase(Locale.ROOT)
                + "/simpleenroll",
            device.csr(),
            "-u",
            basic(profile));
    Answer noLabel = post(EstFixture.BASE + "/simpleenroll", device.csr(), "-u", basic(profile));
    EstFixture.enable(profile, false);
    Answer disabled = post(profile.url("simpleenroll"), device.csr(), "-u", basic(profile));

    assertThat(notBase64.status()).as("%s", notBase64).isEqualTo(400);
    assertThat(wrongType.status()).as("%s", wrongType).isEqualTo(415);
    assertThat(unknownLabel.status()).as("%s", unknownLabel).isEqualTo(404);
    assertThat(noLabel.status()).as("%s", noLabel).isEqualTo(404);
    assertThat(disabled.status()).as("%s", disabled).isEqualTo(403);
    for (Answer answer : List.of(notBase64, wrongType, unknownLabel, noLabel, disabled)) {
      assertThat(answer.header("content-type")).as("%s", answer).startsWith("text/plain");
      assertThat(answer.text())
          .doesNotContain("Exception")
          .doesNotContain("\tat ")
          .hasSizeLessThan(500);
    }
  }

  // ---- devices, made by openssl ----

  private record Device(String name, Path key, Path csr) {}

  /** A P-256 key and a CSR for a fresh name, by {@code openssl req}; the CSR base64 DER. */
  private Device device() {
    String name = EstFixture.deviceName();
    Path key = work.resolve(name + ".key");
    Path der = work.resolve(name + ".csr.der");
    Stack.Run made =
        run(
            "openssl",
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            key.toString(),
            "-subj",
            "/CN=" + name,
            "-addext",
            "subjectAltName=DNS:" + name,
            "-outform",
            "DER",
            "-out",
            der.toString());
    assertThat(made.exitCode()).as("%s", made).isZero();
    try {
      return new Device(
          name, key, write(name + ".csr", Base64.getMimeEncoder().encode(Files.readAllBytes(der))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- curl ----

  private record Answer(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + headers + "\n" + (body.length < 2000 ? text() : body.length + " bytes");
    }
  }

  private Answer enrol(Profile profile, Device device, String operation, String... options) {
    return post(profile.url(operation), device.csr(), options);
  }

  private Answer post(String url, Path csr, String... options) {
    List<String> all = new ArrayList<>(List.of(options));
    all.addAll(List.of("-H", "Content-Type: application/pkcs10", "--data-binary", "@" + csr));
    return curl(url, all.toArray(String[]::new));
  }

  /** curl with the server's certificate as the only trust anchor, and its name checked. */
  private Answer curl(String url, String... options) {
    String id = Api.suffix();
    Path headers = work.resolve("headers-" + id);
    Path body = work.resolve("body-" + id);
    List<String> command =
        new ArrayList<>(
            List.of(
                "curl",
                "-sS",
                "--max-time",
                "60",
                "--cacert",
                EstFixture.serverCertificate().toString(),
                "-D",
                headers.toString(),
                "-o",
                body.toString(),
                "-w",
                "%{http_code}"));
    command.addAll(List.of(options));
    command.add(url);
    Stack.Run run = run(command.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    try {
      return new Answer(
          Integer.parseInt(run.stdout().strip()),
          headers(Files.readAllLines(headers, StandardCharsets.ISO_8859_1)),
          Files.exists(body) ? Files.readAllBytes(body) : new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The headers of the last answer curl wrote (a 401 challenge and its retry write two). */
  private static Map<String, String> headers(List<String> lines) {
    Map<String, String> headers = new HashMap<>();
    for (String line : lines) {
      if (line.startsWith("HTTP/")) {
        headers.clear();
      }
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("HTTP/")) {
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
    }
    return headers;
  }

  private static String basic(Profile profile) {
    return profile.username() + ":" + profile.password();
  }

  // ---- what openssl makes of the answers ----

  private List<X509Certificate> chain(Profile profile) {
    return caChain(curl(profile.url("cacerts")));
  }

  private List<X509Certificate> caChain(Answer cacerts) {
    assertThat(cacerts.status()).as("%s", cacerts).isEqualTo(200);
    return certsOnly(decodeBase64(cacerts.body()));
  }

  private X509Certificate certificate(Answer enrolled) {
    assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
    assertThat(enrolled.header("content-type"))
        .isEqualTo("application/pkcs7-mime; smime-type=certs-only");
    return EstFixture.leaf(certsOnly(decodeBase64(enrolled.body())));
  }

  /** The certificates of a certs-only message, as {@code openssl pkcs7 -print_certs} lists them. */
  private List<X509Certificate> certsOnly(Path der) {
    Stack.Run printed = openssl("pkcs7", "-inform", "DER", "-in", der.toString(), "-print_certs");
    return EstFixture.certificates(printed.stdout().getBytes(StandardCharsets.US_ASCII));
  }

  /** Base64 decoded by {@code openssl base64 -d}, into a file. */
  private Path decodeBase64(byte[] base64) {
    Path encoded = write("b64-" + Api.suffix(), base64);
    Path decoded = work.resolve("der-" + Api.suffix());
    openssl("base64", "-d", "-in", encoded.toString(), "-out", decoded.toString());
    return decoded;
  }

  private Path decodeBase64(String base64) {
    return decodeBase64(base64.getBytes(StandardCharsets.US_ASCII));
  }

  /** The content of a MIME part: what follows the blank line after its headers. */
  private static String partBody(String part) {
    return part.substring(part.indexOf("\r\n\r\n") + 4).strip();
  }

  private Path pem(X509Certificate certificate) {
    return EstFixture.writePem(work, "cert-" + Api.suffix() + ".pem", List.of(certificate));
  }

  private Stack.Run openssl(String... arguments) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    Stack.Run run = run(command.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    return run;
  }

  private static Stack.Run run(String... command) {
    return Stack.run(List.of(command), Map.of(), Duration.ofSeconds(90));
  }

  private Path write(String name, byte[] bytes) {
    try {
      return Files.write(work.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
