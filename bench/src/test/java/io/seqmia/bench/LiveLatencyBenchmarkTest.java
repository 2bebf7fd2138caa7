package io.seqmia.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.attacker.VerdictLatency;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A small smoke run of the latency benchmark: the demo pipeline on a real broker, then two live rates. */
@BrokerTest
class LiveLatencyBenchmarkTest {

  @Test
  void everyLiveSequenceGetsAVerdictAndBothLatenciesAreMeasured(KafkaBroker broker) throws Exception {
    Properties small = new Properties();
    small.setProperty("trainer.model.epochs", "3");
    LiveLatencyBenchmark.Result r = LiveLatencyBenchmark.run(
        new LiveLatencyBenchmark.Settings(1_000, new int[] {20, 80}, 1.5, 7, small), broker.bootstrapServers(),
        System.err);
    assertTrue(r.bulkVerdicts() > 0 && r.mlpTrainSeconds() != null && r.mlpTrainSeconds() > 0, r.toString());
    assertEquals((double) r.bulkVerdicts(), r.bulkLatency().get(VerdictLatency.COUNT), "every bulk verdict timed");
    assertEquals(2, r.steps().size());
    for (LiveLatencyBenchmark.Step s : r.steps()) {
      assertEquals(s.sent(), s.verdicts(), "step at " + s.rate() + "/s: one verdict per live sequence");
      assertEquals((double) s.sent(), s.decided().get(VerdictLatency.COUNT));
      assertEquals((double) s.sent(), s.scored().get(VerdictLatency.COUNT), "every live vector seen");
      double p50 = s.visible().get(VerdictLatency.P50);
      assertTrue(p50 <= s.visible().get(VerdictLatency.P99) && s.visible().get(VerdictLatency.P99)
          <= s.visible().get(VerdictLatency.MAX), s.toString());
      // readable only after the attacker's transaction commits: never before it was decided
      assertTrue(s.visible().get(VerdictLatency.MAX) >= s.decided().get(VerdictLatency.P50), s.toString());
    }
    String table = LiveLatencyBenchmark.table(r);
    assertTrue(table.contains("| 80 | 120 |") && table.contains("MLP attack training"), table);
  }

  @Test
  void theKneeIsTheFirstRateWhoseP99DoublesOrThatFallsBehind() {
    LiveLatencyBenchmark.Step calm = step(100, 1000, 1000, 10, 20);
    LiveLatencyBenchmark.Step steady = step(1000, 10000, 10000, 12, 30);
    LiveLatencyBenchmark.Step slow = step(2000, 20000, 20000, 40, 90);
    LiveLatencyBenchmark.Step behind = step(4000, 40000, 30000, 15, 30);
    assertNull(LiveLatencyBenchmark.knee(List.of(calm, steady)));
    assertEquals(2000, LiveLatencyBenchmark.knee(List.of(calm, steady, slow)));
    assertEquals(4000, LiveLatencyBenchmark.knee(List.of(calm, steady, behind)));
  }

  @Test
  void badSettingsSayWhatToFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LiveLatencyBenchmark.Settings(1000, new int[] {100, 0}, 10, 7, new Properties()));
    assertTrue(e.getMessage().contains("--rates"), e.getMessage());
  }

  private static LiveLatencyBenchmark.Step step(int rate, int sent, int verdicts, double p50, double p99) {
    Map<String, Double> visible = Map.of(VerdictLatency.COUNT, (double) verdicts, VerdictLatency.P50, p50,
        VerdictLatency.P99, p99, VerdictLatency.MAX, p99 * 2);
    return new LiveLatencyBenchmark.Step(rate, sent, sent / (double) rate, verdicts, visible, visible, visible);
  }
}
