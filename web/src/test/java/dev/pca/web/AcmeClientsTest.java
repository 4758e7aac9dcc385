package dev.pca.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.application.Acme;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AcmeClientsTest {
  private static final String KEY = "c2VjcmV0LWhtYWMta2V5LW9mLTI1Ni1iaXRzLWV4YWN0bHk_-A";

  @Test
  void base_leavesOutTheSchemesDefaultPort_andBracketsIpv6() {
    assertThat(AcmeClients.base("http", "ca.example.com", 8080))
        .isEqualTo("http://ca.example.com:8080");
    assertThat(AcmeClients.base("https", "ca.example.com", 443))
        .isEqualTo("https://ca.example.com");
    assertThat(AcmeClients.base("HTTP", "ca.example.com", 80)).isEqualTo("http://ca.example.com");
    assertThat(AcmeClients.base("https", "::1", 8443)).isEqualTo("https://[::1]:8443");
    assertThat(AcmeClients.base(URI.create("http://127.0.0.1:8080/api/v2/")))
        .isEqualTo("http://127.0.0.1:8080");
    assertThat(AcmeClients.base(URI.create("https://[::1]/api/v2/"))).isEqualTo("https://[::1]");
  }

  @Test
  void certbot_registersWithTheProfilesDirectory_boundToTheToken() {
    assertThat(
            AcmeClients.certbot(
                AcmeClients.directory("http://ca.example.com:8080", "servers"), "kid-1", KEY))
        .isEqualTo(
            "certbot register --server http://ca.example.com:8080/acme/servers/directory"
                + " --eab-kid kid-1 --eab-hmac-key "
                + KEY
                + " --agree-tos --no-eff-email -m you@example.org");
  }

  @Test
  void certbot_quotesAnIpv6Directory_asTheShellWouldGlobItsBrackets() {
    assertThat(AcmeClients.certbot("http://[::1]:8080/acme/s/directory", "k", KEY))
        .contains("--server 'http://[::1]:8080/acme/s/directory' --eab-kid k ");
    assertThat(AcmeClients.shellWord("it's")).isEqualTo("'it'\\''s'");
  }

  @Test
  void shown_hasTheTokenTheKeyOnceAndTheCommandLine() {
    UUID id = UUID.randomUUID();
    UUID profile = UUID.randomUUID();
    Instant at = Instant.parse("2025-01-02T03:04:05Z");
    Acme.Token token =
        new Acme.Token(id, profile, "servers", "kid-1", "web", "admin", at, null, null, 0);

    AcmeClients.NewToken shown =
        AcmeClients.shown(new Acme.NewToken(token, KEY), "https://ca.example.com");

    assertThat(shown.id()).isEqualTo(id);
    assertThat(shown.profileId()).isEqualTo(profile);
    assertThat(shown.keyId()).isEqualTo("kid-1");
    assertThat(shown.description()).isEqualTo("web");
    assertThat(shown.createdBy()).isEqualTo("admin");
    assertThat(shown.createdAt()).isEqualTo(at);
    assertThat(shown.hmacKey()).isEqualTo(KEY);
    assertThat(shown.directory()).isEqualTo("https://ca.example.com/acme/servers/directory");
    assertThat(shown.certbot())
        .startsWith("certbot register --server https://ca.example.com/acme/servers/directory ")
        .contains("--eab-kid kid-1 --eab-hmac-key " + KEY);
  }
}
