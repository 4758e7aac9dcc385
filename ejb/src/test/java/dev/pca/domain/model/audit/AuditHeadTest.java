package dev.pca.domain.model.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditHeadTest {
  @Test
  void seal_linksEventsInOrder_eachHashCoveringThePrevious() throws Exception {
    AuditHead head = head();
    List<AuditEvent> events = List.of(event("a"), event("b"), event("c"));
    events.forEach(head::seal);

    assertThat(events).extracting(AuditEvent::chainPos).containsExactly(1L, 2L, 3L);
    assertThat(events.get(0).chain(AuditHead.genesis())).isEqualTo(events.get(0).hash());
    assertThat(events.get(1).chain(events.get(0).hash())).isEqualTo(events.get(1).hash());
    assertThat(head.pos()).isEqualTo(3);
    assertThat(head.hash()).isEqualTo(events.get(2).hash());
  }

  @Test
  void chain_anyChangedFieldOrPredecessor_givesAnotherHash() throws Exception {
    AuditHead head = head();
    AuditEvent first = event("a");
    AuditEvent second = event("b");
    head.seal(first);
    head.seal(second);

    assertThat(second.chain(AuditHead.genesis())).isNotEqualTo(second.hash());
    var detail = AuditEvent.class.getDeclaredField("detail");
    detail.setAccessible(true);
    detail.set(second, "b tampered");
    assertThat(second.chain(first.hash())).isNotEqualTo(second.hash());
  }

  @Test
  void seal_twice_isRefused() throws Exception {
    AuditHead head = head();
    AuditEvent event = event("a");
    head.seal(event);
    assertThatThrownBy(() -> head.seal(event)).isInstanceOf(IllegalStateException.class);
  }

  private static AuditEvent event(String detail) {
    return new AuditEvent(
        detail.hashCode(),
        Instant.parse("2026-01-01T00:00:00Z"),
        new AuditEvent.Entry("alice", "127.0.0.1", "test.act", "thing", "1", "SUCCESS", detail));
  }

  private static AuditHead head() throws Exception {
    var constructor = AuditHead.class.getDeclaredConstructor();
    constructor.setAccessible(true);
    AuditHead head = constructor.newInstance();
    var hash = AuditHead.class.getDeclaredField("hash");
    hash.setAccessible(true);
    hash.set(head, AuditHead.genesis());
    return head;
  }
}
