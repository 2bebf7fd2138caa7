package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTest {

  private static final long T0 = 1_400_000_000_000L;

  @TempDir Path stateDir;

  @Test
  void malformedValuesGoToTheDlqAndProcessingContinues() {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b.augmentCount(0))) {
      f.click("s1", "a", T0);
      f.raw("s1", "not avro at all".getBytes(StandardCharsets.UTF_8), T0 + 1);
      f.raw("s9", null, T0 + 2); // a tombstone that is not a flush marker
      f.click("s1", "b", T0 + 3);
      f.flush("r", T0 + 4);

      List<TestRecord<String, DeadLetter>> letters = f.dlq.readRecordsToList();
      assertEquals(2, letters.size());
      DeadLetter bad = letters.get(0).value();
      assertEquals("s1", letters.get(0).key());
      assertEquals("streams", bad.getSource());
      assertTrue(bad.getReason().startsWith("malformed Click"), bad.getReason());
      assertEquals(TopologyFixture.TOPICS.clicks().name(), bad.getTopic());
      assertEquals(0, bad.getPartition());
      assertEquals(1L, bad.getOffset());
      assertEquals("not avro at all", bad.getRawText());
      assertEquals(2L, letters.get(1).value().getOffset());
      assertTrue(letters.get(1).value().getReason().contains("null value"));
      assertEquals(2L, f.counters.deadLettered.get());

      List<ClickSequence> out = f.readSequences();
      assertEquals(1, out.size());
      assertEquals(List.of("a", "b"), out.get(0).getItemIds());
    }
  }
}
