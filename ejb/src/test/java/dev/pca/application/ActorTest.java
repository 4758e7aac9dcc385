package dev.pca.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ActorTest {
  @Test
  void withoutRepositories_isNotLimited_andActsEverywhere() {
    Actor actor = new Actor("operator", "10.0.0.1");

    assertThat(actor.limited()).isFalse();
    assertThat(actor.mayActIn("payments")).isTrue();
    assertThat(new Actor("operator", null, null).mayActIn("payments")).isTrue();
  }

  @Test
  void withRepositories_actsOnlyInThose_whateverTheCase() {
    Actor actor = new Actor("operator", "10.0.0.1", Set.of("Payments", "web"));

    assertThat(actor.limited()).isTrue();
    assertThat(actor.mayActIn("payments")).isTrue();
    assertThat(actor.mayActIn("WEB")).isTrue();
    assertThat(actor.mayActIn("billing")).isFalse();
    assertThat(actor.repositories()).containsExactlyInAnyOrder("payments", "web");
  }

  @Test
  void system_isNotLimited() {
    assertThat(Actor.SYSTEM.limited()).isFalse();
  }
}
