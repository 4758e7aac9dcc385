package dev.pca.enrollment.scep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScepPathTest {
  @Test
  void parse_profileAlone_namesTheProfile() {
    assertThat(ScepPath.parse("/routers")).contains(new ScepPath("routers"));
  }

  @Test
  void parse_profileWithTheOldCgiName_namesTheProfile() {
    assertThat(ScepPath.parse("/routers/pkiclient.exe")).contains(new ScepPath("routers"));
  }

  @Test
  void parse_pathsThatNameNoProfile_areEmpty() {
    assertThat(ScepPath.parse(null)).isEmpty();
    assertThat(ScepPath.parse("/")).isEmpty();
    assertThat(ScepPath.parse("/Routers")).isEmpty();
    assertThat(ScepPath.parse("/routers/other.exe")).isEmpty();
    assertThat(ScepPath.parse("/a/b/pkiclient.exe")).isEmpty();
  }
}
