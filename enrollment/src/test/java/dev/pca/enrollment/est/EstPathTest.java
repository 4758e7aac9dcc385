package dev.pca.enrollment.est;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EstPathTest {
  @Test
  void parse_operationAlone_usesTheDefaultLabel() {
    assertThat(EstPath.parse("/cacerts")).contains(new EstPath("default", "cacerts"));
  }

  @Test
  void parse_labelAndOperation_keepsTheLabel() {
    assertThat(EstPath.parse("/routers/simpleenroll"))
        .contains(new EstPath("routers", "simpleenroll"));
  }

  @Test
  void parse_unknownOperationOrShape_isEmpty() {
    assertThat(EstPath.parse(null)).isEmpty();
    assertThat(EstPath.parse("/nonsense")).isEmpty();
    assertThat(EstPath.parse("/a/b/cacerts")).isEmpty();
    assertThat(EstPath.parse("/cacerts/")).isEmpty();
    assertThat(EstPath.parse("/bad label/cacerts")).isEmpty();
  }

  @Test
  void parse_operationNameAsLabel_isRefused() {
    assertThat(EstPath.parse("/cacerts/cacerts")).isEmpty();
  }

  @Test
  void method_isGetForCacertsAndCsrattrs_postForTheRest() {
    assertThat(new EstPath("default", "cacerts").method()).isEqualTo("GET");
    assertThat(new EstPath("default", "csrattrs").method()).isEqualTo("GET");
    assertThat(new EstPath("default", "simpleenroll").method()).isEqualTo("POST");
    assertThat(new EstPath("default", "serverkeygen").method()).isEqualTo("POST");
  }
}
