package dev.pca.system.scep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.ca.Clients;
import dev.pca.system.scep.ScepFixture.Profile;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * micromdm's scepclient (Debian package scep) enrols. It still seals with single DES and signs with
 * SHA-1, so its profile allows the legacy algorithms; it is pointed at the RA certificate by
 * fingerprint, as it would otherwise seal to every certificate of GetCACert, EC ones included.
 */
@ExtendWith(Clients.class)
class ScepClientIT {
  private Path work;

  @BeforeEach
  void makeWorkDir() throws Exception {
    work = Files.createTempDirectory("pca-scepclient-");
  }

  @AfterEach
  void removeWorkDir() {
    Stack.deleteRecursively(work);
  }

  @Test
  void scepclient_withTheChallenge_getsACertificateThatOpensslVerifies() throws Exception {
    Profile profile = ScepFixture.profile(ScepFixture.newCa(), false, true);
    List<X509Certificate> served = ScepFixture.certificates(profile.client().getCaCertificate());
    X509Certificate ra = served.stream().filter(c -> c.getBasicConstraints() < 0).findFirst().get();

    Stack.Run run =
        Stack.run(
            List.of(
                "scepclient",
                "-server-url",
                profile.url(),
                "-private-key",
                work.resolve("device.key").toString(),
                "-certificate",
                work.resolve("device.pem").toString(),
                "-challenge",
                profile.challenge(),
                "-cn",
                "scepclient-device.example.com",
                "-organization",
                "PCA Test",
                "-ca-fingerprint",
                HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(ra.getEncoded()))),
            Map.of(),
            Duration.ofSeconds(120));

    assertThat(run.exitCode()).as("%s", run).isZero();
    X509Certificate issued =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(work.resolve("device.pem"))));
    assertThat(issued.getSubjectX500Principal().getName())
        .contains("CN=scepclient-device.example.com");
    ScepFixture.assertVerifies(ScepFixture.opensslVerify(work, issued, served));
  }
}
