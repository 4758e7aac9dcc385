package dev.pca.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.domain.policy.San;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssueCertificateTest {
  @Test
  void sans_readTypeAndValue_perLine_caseOfTypeIgnored() {
    List<String> problems = new ArrayList<>();

    List<San> sans =
        IssueCertificate.sans(
            "DNS:www.example.com\nip: 10.0.0.1\nEMAIL:a@example.com, URI:spiffe://example.org/a",
            problems);

    assertThat(problems).isEmpty();
    assertThat(sans)
        .containsExactly(
            new San(San.Type.DNS, "www.example.com"),
            new San(San.Type.IP, "10.0.0.1"),
            new San(San.Type.EMAIL, "a@example.com"),
            new San(San.Type.URI, "spiffe://example.org/a"));
  }

  @Test
  void sans_withoutKnownTypeOrValue_areProblems() {
    List<String> problems = new ArrayList<>();

    IssueCertificate.sans("www.example.com\nXYZ:a\nDNS:", problems);

    assertThat(problems).containsExactly("www.example.com", "XYZ:a", "DNS:");
  }
}
