package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Existing CAs made with openssl are imported onto the token and issue certificates that openssl
 * verifies; keys the server generates come back once as a PKCS#12 that openssl opens.
 */
@ExtendWith(Clients.class)
class ImportAndServerKeyIT {
  @TempDir Path work;

  @Test
  void import_opensslRootAndIntermediate_issueCertificatesThatOpensslVerifies() throws Exception {
    opensslCa();
    String repository = CaFixture.repository().getString("id");
    JsonObject root =
        importCa(repository, null, read("root.pem"), read("root.key"), null, null, 201);
    assertThat(root.getBoolean("root")).isTrue();
    assertThat(root.getInt("pathLength")).isEqualTo(1);
    JsonObject intermediate =
        importCa(
            repository, root.getString("id"), read("int.pem"), read("int.key"), null, null, 201);
    assertThat(intermediate.getBoolean("root")).isFalse();

    String template = CaFixture.template(repository).getString("id");
    JsonObject issued =
        Api.json(
            Api.expect(
                    CaFixture.issue(
                        intermediate.getString("id"), template, CaFixture.opensslCsr(work), 30),
                    201)
                .body());
    Files.writeString(work.resolve("leaf.pem"), issued.getString("pem"));
    Stack.Run verify =
        Api.run(
            "openssl",
            "verify",
            "-CAfile",
            work.resolve("root.pem").toString(),
            "-untrusted",
            work.resolve("int.pem").toString(),
            work.resolve("leaf.pem").toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.stdout()).contains("OK");
  }

  @Test
  void import_pkcs12Root_isAccepted_andAWrongPasswordIsRefused() throws Exception {
    opensslCa();
    Api.succeed(
        "openssl",
        "pkcs12",
        "-export",
        "-in",
        work.resolve("root.pem").toString(),
        "-inkey",
        work.resolve("root.key").toString(),
        "-passout",
        "pass:import-secret",
        "-out",
        work.resolve("root.p12").toString());
    String p12 = Base64.getEncoder().encodeToString(Files.readAllBytes(work.resolve("root.p12")));
    String repository = CaFixture.repository().getString("id");

    JsonObject refused = importCa(repository, null, null, null, p12, "wrong-password", 400);
    assertThat(refused.getString("detail")).contains("PKCS#12");
    JsonObject root = importCa(repository, null, null, null, p12, "import-secret", 201);
    assertThat(root.getString("subject")).contains("Imported Root");
  }

  @Test
  void import_keyOfAnotherCertificate_orLeafCertificate_isRefusedAndLeavesNothing()
      throws Exception {
    opensslCa();
    String repository = CaFixture.repository().getString("id");
    importCa(repository, null, read("root.pem"), read("int.key"), null, null, 400);
    importCa(repository, null, read("leaf-cert.pem"), read("leaf-cert.key"), null, null, 400);
    JsonObject intermediateWithoutRoot =
        importCa(repository, null, read("int.pem"), read("int.key"), null, null, 400);
    assertThat(intermediateWithoutRoot.getString("detail")).contains("parentId");
    assertThat(
            Api.jsonArray(
                Api.expect(
                        Api.get(Clients.admin(), "/repositories/" + repository + "/issuers"), 200)
                    .body()))
        .isEmpty();
  }

  @Test
  void keygen_returnsPkcs12ThatOpensslOpens_withTheIssuedCertificateAndItsKey() throws Exception {
    CaFixture.Ca ca = CaFixture.newCa();
    String body =
        Json.createObjectBuilder()
            .add("templateId", ca.templateId())
            .add("subject", "CN=k.example.com")
            .add(
                "sans",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("type", "DNS")
                            .add("value", "k.example.com")))
            .add("keySpec", "EC_P256")
            .add("password", "keygen-secret-1")
            .build()
            .toString();
    Api.Answer answer =
        Api.expect(
            Api.post(
                Clients.operator(),
                "/issuers/" + ca.intermediateId() + "/certificates/keygen",
                body),
            201);
    JsonObject issued = Api.json(answer.body());
    Files.write(work.resolve("k.p12"), Base64.getDecoder().decode(issued.getString("pkcs12")));
    Stack.Run opened =
        Api.run(
            "openssl",
            "pkcs12",
            "-in",
            work.resolve("k.p12").toString(),
            "-passin",
            "pass:keygen-secret-1",
            "-nodes");
    assertThat(opened.exitCode()).as(opened.toString()).isZero();
    assertThat(opened.stdout()).contains("BEGIN PRIVATE KEY").contains("BEGIN CERTIFICATE");
    assertThat(issued.getJsonObject("certificate").getJsonArray("sans").getString(0))
        .isEqualTo("DNS:k.example.com");

    Stack.Run wrong =
        Api.run(
            "openssl",
            "pkcs12",
            "-in",
            work.resolve("k.p12").toString(),
            "-passin",
            "pass:not-the-password",
            "-nodes");
    assertThat(wrong.exitCode()).isNotZero();
  }

  @Test
  void keygen_shortPasswordOrNameOutsideTemplate_isRefused() {
    CaFixture.Ca ca = CaFixture.newCa();
    long before = CaFixture.certificateTotal(ca.intermediateId());
    String shortPassword =
        "{\"templateId\":\"%s\",\"subject\":\"CN=k.example.com\",\"sans\":[{\"type\":\"DNS\",\"value\":\"k.example.com\"}],\"keySpec\":\"EC_P256\",\"password\":\"short\"}"
            .formatted(ca.templateId());
    Api.expectProblem(
        Api.post(
            Clients.operator(),
            "/issuers/" + ca.intermediateId() + "/certificates/keygen",
            shortPassword),
        400);
    String outside =
        "{\"templateId\":\"%s\",\"subject\":\"CN=evil.org\",\"sans\":[{\"type\":\"DNS\",\"value\":\"evil.org\"}],\"keySpec\":\"EC_P256\",\"password\":\"long-enough-1\"}"
            .formatted(ca.templateId());
    JsonObject problem =
        Api.json(
            Api.expectProblem(
                    Api.post(
                        Clients.operator(),
                        "/issuers/" + ca.intermediateId() + "/certificates/keygen",
                        outside),
                    422)
                .body());
    assertThat(problem.getJsonArray("violations").getJsonObject(0).getString("rule"))
        .isEqualTo("DNS_NAME");
    assertThat(CaFixture.certificateTotal(ca.intermediateId())).isEqualTo(before);
  }

  private JsonObject importCa(
      String repository,
      String parentId,
      String certificate,
      String key,
      String pkcs12,
      String password,
      int status) {
    var body = Json.createObjectBuilder().add("label", "imported-" + Api.suffix());
    if (parentId != null) {
      body.add("parentId", parentId);
    }
    if (certificate != null) {
      body.add("certificate", certificate).add("privateKey", key);
    }
    if (pkcs12 != null) {
      body.add("pkcs12", pkcs12).add("password", password);
    }
    Api.Answer answer =
        Api.post(
            Clients.admin(),
            "/repositories/" + repository + "/issuers/import",
            body.build().toString());
    return Api.json(
        (status >= 400 ? Api.expectProblem(answer, status) : Api.expect(answer, status)).body());
  }

  /** A root (pathlen 1), an intermediate (pathlen 0) and a leaf, made by openssl alone. */
  private void opensslCa() throws Exception {
    Files.writeString(
        work.resolve("ca.ext"),
        "[root]\nbasicConstraints=critical,CA:TRUE,pathlen:1\nkeyUsage=critical,keyCertSign,cRLSign\n"
            + "subjectKeyIdentifier=hash\n"
            + "[int]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n"
            + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
            + "[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n");
    String ext = work.resolve("ca.ext").toString();
    ec("root.key");
    openssl(
        "req",
        "-x509",
        "-new",
        "-key",
        p("root.key"),
        "-subj",
        "/CN=Imported Root/O=PCA IT",
        "-days",
        "3650",
        "-addext",
        "basicConstraints=critical,CA:TRUE,pathlen:1",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-out",
        p("root.pem"));
    ec("int.key");
    openssl(
        "req",
        "-new",
        "-key",
        p("int.key"),
        "-subj",
        "/CN=Imported Intermediate/O=PCA IT",
        "-out",
        p("int.csr"));
    openssl(
        "x509",
        "-req",
        "-in",
        p("int.csr"),
        "-CA",
        p("root.pem"),
        "-CAkey",
        p("root.key"),
        "-CAcreateserial",
        "-days",
        "1800",
        "-extfile",
        ext,
        "-extensions",
        "int",
        "-out",
        p("int.pem"));
    ec("leaf-cert.key");
    openssl(
        "req",
        "-new",
        "-key",
        p("leaf-cert.key"),
        "-subj",
        "/CN=not-a-ca.example.com",
        "-out",
        p("leaf-cert.csr"));
    openssl(
        "x509",
        "-req",
        "-in",
        p("leaf-cert.csr"),
        "-CA",
        p("int.pem"),
        "-CAkey",
        p("int.key"),
        "-CAcreateserial",
        "-days",
        "30",
        "-extfile",
        ext,
        "-extensions",
        "leaf",
        "-out",
        p("leaf-cert.pem"));
  }

  private void ec(String file) {
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", p(file));
  }

  private void openssl(String... arguments) {
    String[] command = new String[arguments.length + 1];
    command[0] = "openssl";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    Api.succeed(command);
  }

  private String p(String file) {
    return work.resolve(file).toString();
  }

  private String read(String file) throws Exception {
    return Files.readString(work.resolve(file), StandardCharsets.US_ASCII);
  }
}
