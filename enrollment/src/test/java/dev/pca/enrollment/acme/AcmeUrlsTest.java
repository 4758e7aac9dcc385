package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AcmeUrlsTest {
  @Test
  void origin_isTheHostTheClientReached() {
    assertThat(AcmeUrls.origin("https", "ca.example:8443", "internal", 8443))
        .isEqualTo("https://ca.example:8443");
    assertThat(AcmeUrls.origin("http", "[::1]:8080", "internal", 8080))
        .isEqualTo("http://[::1]:8080");
  }

  @Test
  void origin_withoutOrWithABadHostHeader_isTheServersName() {
    assertThat(AcmeUrls.origin("http", null, "ca.local", 80)).isEqualTo("http://ca.local");
    assertThat(AcmeUrls.origin("https", "evil/x@y", "ca.local", 8443))
        .isEqualTo("https://ca.local:8443");
  }

  @Test
  void urls_areUnderTheProfile_withoutTheContextRoot() {
    AcmeUrls urls = new AcmeUrls("https://ca.example", "web");
    UUID id = UUID.randomUUID();

    assertThat(urls.directory()).isEqualTo("https://ca.example/acme/web/directory");
    assertThat(urls.finalizeOrder(id))
        .isEqualTo("https://ca.example/acme/web/order/" + id + "/finalize");
    assertThat(urls.of("/web/new-order")).isEqualTo(urls.newOrder());
  }

  @Test
  void accountId_ofAnAccountUrlOfThisProfile() {
    AcmeUrls urls = new AcmeUrls("https://ca.example", "web");
    UUID id = UUID.randomUUID();

    assertThat(urls.accountId(urls.account(id))).contains(id);
    assertThat(urls.accountId("http://other.name:8080/acme/web/acct/" + id)).contains(id);
    assertThat(urls.accountId("https://ca.example/acme/other/acct/" + id)).isEmpty();
    assertThat(urls.accountId("https://ca.example/acme/web/order/" + id)).isEmpty();
    assertThat(urls.accountId("https://ca.example/enroll/acme/web/acct/" + id)).isEmpty();
    assertThat(urls.accountId("not a url")).isEmpty();
  }
}
