package dev.pca.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RepositoryGroupsTest {
  private static final List<String> GROUPS =
      List.of("/pca-repositories/payments", "/pca-repositories/web/team-a", "/staff", "/other/x");

  private static Predicate<String> holds(String... roles) {
    return Set.of(roles)::contains;
  }

  @Test
  void operatorInRepositoryGroups_isLimitedToThem_subgroupsCountForTheirRepository() {
    assertThat(RepositoryGroups.limit(GROUPS, holds(Roles.OPERATOR)))
        .containsExactlyInAnyOrder("payments", "web");
  }

  @Test
  void operatorInNoRepositoryGroup_isNotLimited() {
    assertThat(
            RepositoryGroups.limit(List.of("/staff", "/pca-repositories"), holds(Roles.OPERATOR)))
        .isEmpty();
    assertThat(RepositoryGroups.limit(List.of(), holds(Roles.OPERATOR))).isEmpty();
    assertThat(RepositoryGroups.limit(null, holds(Roles.OPERATOR))).isEmpty();
  }

  @Test
  void adminsAndAuditors_areNotLimited() {
    assertThat(RepositoryGroups.limit(GROUPS, holds(Roles.ADMIN))).isEmpty();
    assertThat(RepositoryGroups.limit(GROUPS, holds(Roles.ADMIN, Roles.OPERATOR))).isEmpty();
    assertThat(RepositoryGroups.limit(GROUPS, holds(Roles.AUDITOR))).isEmpty();
  }

  @Test
  void auditorWhoIsAlsoOperator_keepsTheOperatorsLimit() {
    assertThat(RepositoryGroups.limit(GROUPS, holds(Roles.AUDITOR, Roles.OPERATOR)))
        .containsExactlyInAnyOrder("payments", "web");
  }

  @Test
  void aGroupThatOnlyStartsLikeTheParent_limitsNothing() {
    assertThat(RepositoryGroups.limit(List.of("/pca-repositories-old/x"), holds(Roles.OPERATOR)))
        .isEmpty();
  }
}
