package dev.pca.enrollment.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.mime.BasicMimeParser;
import org.bouncycastle.mime.ConstantMimeContext;
import org.bouncycastle.mime.Headers;
import org.bouncycastle.mime.MimeContext;
import org.bouncycastle.mime.MimeParserContext;
import org.bouncycastle.mime.MimeParserListener;
import org.junit.jupiter.api.Test;

class ServerKeyGenResponseTest {
  @Test
  void of_keyAndCertificate_areTwoBase64PartsKeyFirst() throws Exception {
    KeyPair keys = TestPki.keys();
    X509Certificate certificate = TestPki.selfSigned("device");
    byte[] certsOnly = CertsOnly.of(List.of(certificate));

    ServerKeyGenResponse answer =
        ServerKeyGenResponse.of(keys.getPrivate().getEncoded(), certsOnly);

    assertThat(answer.contentType()).startsWith("multipart/mixed; boundary=est-");
    Map<String, byte[]> parts = parts(answer);
    assertThat(parts.keySet())
        .containsExactly("application/pkcs8", "application/pkcs7-mime; smime-type=certs-only");
    assertThat(parts.get("application/pkcs8")).isEqualTo(keys.getPrivate().getEncoded());
    assertThat(parts.get("application/pkcs7-mime; smime-type=certs-only")).isEqualTo(certsOnly);
    assertThat(new String(answer.body(), StandardCharsets.US_ASCII))
        .contains("Content-Transfer-Encoding: base64");
  }

  @Test
  void of_twice_usesAnotherBoundary() {
    byte[] none = {0x30, 0x00};
    assertThat(ServerKeyGenResponse.of(none, none).boundary())
        .isNotEqualTo(ServerKeyGenResponse.of(none, none).boundary());
  }

  /** The decoded parts by content type, in order, as Bouncy Castle's EST client parses them. */
  private static Map<String, byte[]> parts(ServerKeyGenResponse answer) throws Exception {
    Map<String, byte[]> parts = new LinkedHashMap<>();
    new BasicMimeParser(
            new Headers(answer.contentType(), "base64"), new ByteArrayInputStream(answer.body()))
        .parse(
            new MimeParserListener() {
              @Override
              public MimeContext createContext(MimeParserContext context, Headers headers) {
                return ConstantMimeContext.Instance;
              }

              @Override
              public void object(MimeParserContext context, Headers headers, InputStream content)
                  throws IOException {
                String smimeType = headers.getContentTypeAttributes().get("smime-type");
                parts.put(
                    headers.getContentType()
                        + (smimeType == null ? "" : "; smime-type=" + smimeType),
                    content.readAllBytes());
              }
            });
    return parts;
  }
}
