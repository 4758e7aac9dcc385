package dev.pca.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.application.Enrollments.Protocol;
import org.junit.jupiter.api.Test;

class DeviceUrlsTest {
  @Test
  void scep_isPlainHttpOnThePublicBase() {
    assertThat(DeviceUrls.of("http://ca.example.com:8080", Protocol.SCEP, "routers"))
        .isEqualTo("http://ca.example.com:8080/scep/routers");
  }

  @Test
  void est_isTlsOnTheSameHost_withTheLabelAsPath() {
    assertThat(DeviceUrls.of("http://ca.example.com:8080", Protocol.EST, "vpn"))
        .isEqualTo("https://ca.example.com:8443/.well-known/est/vpn/");
    assertThat(DeviceUrls.of("http://[::1]:8080", Protocol.EST, "vpn"))
        .isEqualTo("https://[::1]:8443/.well-known/est/vpn/");
  }

  @Test
  void acme_isTheProfilesDirectory() {
    assertThat(DeviceUrls.of("https://ca.example.com:8443", Protocol.ACME, "servers"))
        .isEqualTo("https://ca.example.com:8443/acme/servers/directory");
  }
}
