package dev.pca.system.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pca.system.ca.CaFixture.Ca;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many callers at once: 8 threads each issue 25 certificates through REST from the same
 * intermediate. Each one is stored, has its own serial and exactly one audit event.
 */
@ExtendWith(Clients.class)
class ConcurrentIssuanceIT {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 25;

  @Test
  void issue_8ThreadsOf25InParallel_allStoredWithDistinctSerialsAndOneAuditEventEach()
      throws Exception {
    Ca ca = CaFixture.newCa();
    List<List<String>> csrs = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<String> mine = new ArrayList<>();
      for (int i = 0; i < PER_THREAD; i++) {
        String name = "t" + t + "-n" + i + ".example.com";
        mine.add(CaFixture.csr("CN=" + name, CaFixture.dns(name)));
      }
      csrs.add(mine);
    }
    String path = "/issuers/" + ca.intermediateId() + "/certificates";

    List<Api.Answer> answers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Api.Answer>>> threads = new ArrayList<>();
      for (List<String> mine : csrs) {
        threads.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Api.Answer> got = new ArrayList<>();
                  for (String csr : mine) {
                    got.add(
                        Api.post(
                            Clients.operator(),
                            path,
                            CaFixture.issueBody(ca.templateId(), csr, 30)));
                  }
                  return got;
                }));
      }
      start.countDown();
      for (Future<List<Api.Answer>> thread : threads) {
        answers.addAll(thread.get(10, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(answers).hasSize(THREADS * PER_THREAD);
    assertThat(answers)
        .allSatisfy(answer -> assertThat(answer.status()).as("%s", answer).isEqualTo(201));

    Set<BigInteger> serials = new HashSet<>();
    String auditor = Clients.auditor();
    for (Api.Answer answer : answers) {
      JsonObject issued = answer.json().getJsonObject("certificate");
      String id = issued.getString("id");

      JsonObject stored = Api.expect(Api.get(auditor, "/certificates/" + id), 200).json();
      assertThat(stored.getString("serial")).isEqualTo(issued.getString("serial"));
      BigInteger serial = CaFixture.certificate(answer.json().getString("pem")).getSerialNumber();
      assertThat(new BigInteger(stored.getString("serial"), 16)).isEqualTo(serial);
      serials.add(serial);

      List<JsonObject> events =
          Api.expect(Api.get(auditor, "/audit?objectId=" + id + "&limit=100"), 200)
              .array()
              .getValuesAs(JsonObject.class);
      assertThat(events)
          .as("audit events of certificate %s", id)
          .filteredOn(event -> event.getString("action").equals("certificate.issue"))
          .hasSize(1);
    }
    assertThat(serials).hasSize(THREADS * PER_THREAD);
    assertThat(CaFixture.certificateTotal(ca.intermediateId())).isEqualTo(THREADS * PER_THREAD);

    // Appending under contention kept the hash chain whole.
    JsonObject verification = Api.expect(Api.post(auditor, "/audit/verify", null), 200).json();
    assertThat(verification.getBoolean("intact")).as("%s", verification).isTrue();
  }
}
