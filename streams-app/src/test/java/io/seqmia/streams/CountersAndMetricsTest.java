package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountersAndMetricsTest {

  private static final long T0 = 1_400_000_000_000L;

  @TempDir Path stateDir;

  @Test
  void sessionsDroppedByTheRepeatRuleAreCountedApartFromOtherShortOnes() {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b.augmentCount(0))) {
      f.click("repeats", "a", T0);
      f.click("repeats", "a", T0 + 1000);
      f.click("repeats", "a", T0 + 2000); // three clicks, one item once repeats are dropped
      f.click("dupes", "b", T0);
      f.click("dupes", "b", T0); // an exact duplicate: short, but not because of the repeat rule
      f.click("single", "c", T0);
      f.click("ok", "d", T0);
      f.click("ok", "e", T0 + 1000);
      f.flush("r", T0 + 3000);

      assertEquals(1, f.readSequences().size());
      assertEquals(3L, f.counters.tooShort.get());
      assertEquals(1L, f.counters.droppedByRepeats.get());
      assertEquals(1L, f.counters.snapshot().get("droppedByRepeats"));
      assertEquals("1", f.control.readValue().getAttributes().get("originals"));
    }
  }

  @Test
  void countersAreKafkaStreamsMetricsOfTheTask() {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b.augmentCount(0))) {
      f.click("s1", "a", T0);
      f.click("s1", "b", T0 + 1000);
      f.click("s2", "c", T0);
      f.click("s2", "c", T0 + 1000);
      f.raw("junk", new byte[] {1, 2, 3}, T0);
      f.flush("r", T0 + 2000);

      Map<String, Double> seqmia = new HashMap<>();
      for (Map.Entry<MetricName, ? extends Metric> e : f.driver.metrics().entrySet()) {
        if (e.getKey().group().equals(TaskCounters.METRICS_GROUP)) {
          assertEquals("0_0", e.getKey().tags().get(TaskCounters.TASK_TAG));
          seqmia.put(e.getKey().name(), ((Number) e.getValue().metricValue()).doubleValue());
        }
      }
      assertEquals(f.counters.snapshot().keySet(), seqmia.keySet());
      f.counters.snapshot().forEach((name, value) ->
          assertEquals(value.doubleValue(), seqmia.get(name), "metric " + name));
      assertEquals(1.0, seqmia.get("sessionsEmitted"));
      assertEquals(1.0, seqmia.get("droppedByRepeats"));
      assertEquals(1.0, seqmia.get("deadLettered"));
      assertNotNull(f.driver.metrics());
    }
  }
}
