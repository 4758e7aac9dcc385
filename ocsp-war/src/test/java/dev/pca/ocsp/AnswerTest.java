package dev.pca.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.junit.jupiter.api.Test;

class AnswerTest {
  @Test
  void signed_hasTheCachingHeadersOfRfc5019() {
    Instant thisUpdate = Instant.parse("2026-03-01T08:00:00Z");
    Instant nextUpdate = Instant.parse("2026-03-01T09:00:00Z");
    Answer answer = Answer.signed(new byte[] {1, 2, 3}, thisUpdate, nextUpdate);
    Map<String, String> headers = new LinkedHashMap<>();

    answer.cachingHeaders(thisUpdate.plusSeconds(600).getEpochSecond(), headers::put);

    assertThat(headers)
        .containsEntry("Cache-Control", "max-age=2999, public, no-transform, must-revalidate")
        .containsEntry("Last-Modified", "Sun, 01 Mar 2026 08:00:00 GMT")
        .containsEntry("Expires", "Sun, 01 Mar 2026 09:00:00 GMT")
        .containsEntry("ETag", "\"7037807198c22a7d2b0807371d763779a84fdfcf\"");
  }

  @Test
  void signed_pastItsNextUpdate_hasMaxAgeZero() {
    Instant thisUpdate = Instant.parse("2026-03-01T08:00:00Z");
    Answer answer = Answer.signed(new byte[] {1}, thisUpdate, thisUpdate.plusSeconds(60));
    Map<String, String> headers = new LinkedHashMap<>();

    answer.cachingHeaders(thisUpdate.plusSeconds(61).getEpochSecond(), headers::put);

    assertThat(headers.get("Cache-Control")).startsWith("max-age=0,");
  }

  @Test
  void error_hasNoCachingHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();

    Answer.error(OCSPRespBuilder.UNAUTHORIZED).cachingHeaders(0, headers::put);

    assertThat(headers).isEmpty();
    assertThat(Answer.error(OCSPRespBuilder.UNAUTHORIZED).isSigned()).isFalse();
  }
}
