package dev.pca.system.scep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.Stack;
import dev.pca.system.ca.Clients;
import dev.pca.system.scep.ScepFixture.Profile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.cms.CMSSignedData;
import org.jscep.client.EnrollmentResponse;
import org.jscep.message.CertRep;
import org.jscep.message.PkcsPkiEnvelopeDecoder;
import org.jscep.message.PkcsPkiEnvelopeEncoder;
import org.jscep.message.PkcsReq;
import org.jscep.message.PkiMessageDecoder;
import org.jscep.message.PkiMessageEncoder;
import org.jscep.transaction.FailInfo;
import org.jscep.transaction.Nonce;
import org.jscep.transaction.PkiStatus;
import org.jscep.transaction.TransactionId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What goes wrong answers in SCEP's own terms: a CertRep FAILURE with the failInfo for requests
 * that can be answered, HTTP 4xx with a short text for bytes that cannot.
 */
@ExtendWith(Clients.class)
class ScepErrorsIT {
  private static Profile profile;
  private static X509Certificate ra;

  @BeforeAll
  static void makeProfile() throws Exception {
    profile = ScepFixture.profile(ScepFixture.newCa(), false, false);
    ra =
        ScepFixture.certificates(profile.client().getCaCertificate()).stream()
            .filter(c -> c.getBasicConstraints() < 0)
            .findFirst()
            .orElseThrow();
  }

  @Test
  void enrol_withAWrongChallenge_failsWithBadRequest() throws Exception {
    KeyPair keys = ScepFixture.rsaKeys();
    String subject = "CN=wrong-challenge.example.com";

    EnrollmentResponse response =
        profile
            .client()
            .enrol(
                ScepFixture.selfSigned(keys, subject),
                keys.getPrivate(),
                ScepFixture.csr(keys, subject, "not-the-challenge"));

    assertThat(response.isFailure()).as("%s", response).isTrue();
    assertThat(response.getFailInfo()).isEqualTo(FailInfo.badRequest);
  }

  @Test
  void aTamperedMessage_failsWithBadMessageCheck() throws Exception {
    KeyPair keys = ScepFixture.rsaKeys();
    String subject = "CN=tampered.example.com";
    X509Certificate self = ScepFixture.selfSigned(keys, subject);
    byte[] message =
        new PkiMessageEncoder(
                keys.getPrivate(), self, new PkcsPkiEnvelopeEncoder(ra, "AES"), "SHA256withRSA")
            .encode(
                new PkcsReq(
                    TransactionId.createTransactionId(),
                    Nonce.nextNonce(),
                    ScepFixture.csr(keys, subject, profile.challenge())))
            .getEncoded();
    byte[] signature =
        new CMSSignedData(message).getSignerInfos().getSigners().iterator().next().getSignature();
    message[indexOf(message, signature) + signature.length - 1] ^= 0x01;

    HttpResponse<byte[]> answer = ScepFixture.post(profile, message);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-pki-message");
    CertRep reply =
        (CertRep)
            new PkiMessageDecoder(ra, new PkcsPkiEnvelopeDecoder(self, keys.getPrivate()))
                .decode(new CMSSignedData(answer.body()));
    assertThat(reply.getPkiStatus()).isEqualTo(PkiStatus.FAILURE);
    assertThat(reply.getFailInfo()).isEqualTo(FailInfo.badMessageCheck);
  }

  @Test
  void garbage_isAnswered400WithAShortTextAndNoStackTrace() {
    HttpResponse<byte[]> posted =
        ScepFixture.post(profile, "not a pkiMessage".getBytes(StandardCharsets.US_ASCII));
    HttpResponse<byte[]> badBase64 = get(profile.url() + "?operation=PKIOperation&message=%25%25");
    HttpResponse<byte[]> notCms = get(profile.url() + "?operation=PKIOperation&message=AAAA");

    for (HttpResponse<byte[]> answer : List.of(posted, badBase64, notCms)) {
      String body = new String(answer.body(), StandardCharsets.UTF_8);
      assertThat(answer.statusCode()).as(body).isEqualTo(400);
      assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(body).isNotBlank().hasSizeLessThan(200).doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void anUnknownProfile_isAnswered404() {
    HttpResponse<byte[]> answer =
        get(ScepFixture.WILDFLY + "/scep/no-such-profile-here/pkiclient.exe?operation=GetCACaps");

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).doesNotContain("Exception");
  }

  private static HttpResponse<byte[]> get(String url) {
    return Stack.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not found");
  }
}
