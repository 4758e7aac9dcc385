package dev.pca.enrollment.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pca.enrollment.acme.AcmePath.Resource;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AcmePathTest {
  private static final UUID ID = UUID.randomUUID();

  @Test
  void parse_layout_namesEachResource() {
    assertThat(resource("/web/directory")).isEqualTo(Resource.DIRECTORY);
    assertThat(resource("/web/new-nonce")).isEqualTo(Resource.NEW_NONCE);
    assertThat(resource("/web/new-account")).isEqualTo(Resource.NEW_ACCOUNT);
    assertThat(resource("/web/new-order")).isEqualTo(Resource.NEW_ORDER);
    assertThat(resource("/web/revoke-cert")).isEqualTo(Resource.REVOKE_CERT);
    assertThat(resource("/web/key-change")).isEqualTo(Resource.KEY_CHANGE);
    assertThat(resource("/web/acct/" + ID)).isEqualTo(Resource.ACCOUNT);
    assertThat(resource("/web/acct/" + ID + "/orders")).isEqualTo(Resource.ORDERS);
    assertThat(resource("/web/order/" + ID)).isEqualTo(Resource.ORDER);
    assertThat(resource("/web/order/" + ID + "/finalize")).isEqualTo(Resource.FINALIZE);
    assertThat(resource("/web/cert/" + ID)).isEqualTo(Resource.CERTIFICATE);
    assertThat(resource("/web/authz/" + ID)).isEqualTo(Resource.AUTHORIZATION);
    assertThat(resource("/web/chall/" + ID)).isEqualTo(Resource.CHALLENGE);
    AcmePath ari = AcmePath.parse("/web/renewal-info/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE").get();
    assertThat(ari.resource()).isEqualTo(Resource.RENEWAL_INFO);
    assertThat(ari.id()).isEqualTo("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
  }

  @Test
  void parse_somethingElse_isEmpty() {
    assertThat(AcmePath.parse(null)).isEmpty();
    assertThat(AcmePath.parse("/web")).isEmpty();
    assertThat(AcmePath.parse("/Web/directory")).isEmpty();
    assertThat(AcmePath.parse("/web/directory/")).isEmpty();
    assertThat(AcmePath.parse("/web/order/" + ID + "/orders")).isEmpty();
    assertThat(AcmePath.parse("/web/../directory")).isEmpty();
  }

  @Test
  void uuid_ofSomethingElse_isNotFound() {
    AcmePath path = AcmePath.parse("/web/order/1234").get();

    assertThatThrownBy(path::uuid)
        .isInstanceOfSatisfying(AcmeError.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void allows_getOnlyWhereTheRfcSays() {
    assertThat(Resource.DIRECTORY.allows("GET")).isTrue();
    assertThat(Resource.NEW_NONCE.allows("HEAD")).isTrue();
    assertThat(Resource.ORDER.allows("GET")).isFalse();
    assertThat(Resource.ORDER.allows("POST")).isTrue();
  }

  private static Resource resource(String path) {
    return AcmePath.parse(path).orElseThrow().resource();
  }
}
