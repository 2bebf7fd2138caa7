package io.seqmia.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KernelPartsTest {

  @Test
  void chunkLimitsDefaultAndNameTheBadKey() {
    StageConfigDef def = ChunkLimits.defineOn(new StageConfigDef("attacker", "test"));
    Properties none = new Properties();
    none.setProperty("bootstrap.servers", "h:1");
    assertEquals(ChunkLimits.defaults(), ChunkLimits.from(def.parse(none), "attacker"));
    assertEquals(5000, ChunkLimits.defaults().records());
    assertEquals(Duration.ofSeconds(10), ChunkLimits.defaults().time());
    Properties p = new Properties();
    p.setProperty("attacker.chunk.records", "7");
    p.setProperty("attacker.chunk.ms", "250");
    assertEquals(new ChunkLimits(7, Duration.ofMillis(250)), ChunkLimits.from(def.parse(p), "attacker"));
    for (String[] bad : new String[][] {{"attacker.chunk.records", "0"}, {"attacker.chunk.records", "many"},
        {"attacker.chunk.ms", "0"}, {"attacker.chunk.ms", "600000"}}) {
      Properties q = new Properties();
      q.setProperty(bad[0], bad[1]);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> def.parse(q));
      assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
    }
  }

  @Test
  void metadataRoundTripsAwkwardValues() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("target", "target-1;a=b/c");
    fields.put("shadow", "");
    fields.put("bulk", "target:seq%20;1");
    String s = OffsetMetadata.format("fmt-v2", fields);
    assertEquals(fields, OffsetMetadata.parse("fmt-v2", s));
    assertNull(OffsetMetadata.parse("fmt-v1", s));
    assertNull(OffsetMetadata.parse("fmt-v2", "fmt-v2;novalue"));
    assertNull(OffsetMetadata.parse("fmt-v2", null));
  }

  @Test
  void bulkProgressCoversWhatWasCommittedInPhaseAndKeyOrder() {
    List<String> phases = List.of("target", "shadow");
    BulkProgress p = BulkProgress.parse(new BulkProgress("target", "s-05").encode());
    assertEquals(new BulkProgress("target", "s-05"), p);
    assertTrue(p.covers("target", "s-05", phases));
    assertTrue(p.covers("target", "s-01", phases));
    assertFalse(p.covers("target", "s-06", phases));
    assertFalse(p.covers("shadow", "a", phases));
    BulkProgress shadow = BulkProgress.parse("shadow:");
    assertEquals(BulkProgress.start("shadow"), shadow);
    assertTrue(shadow.covers("target", "zzz", phases));
    assertFalse(shadow.covers("shadow", "a", phases));
    assertTrue(BulkProgress.parse("done").covers("shadow", "zzz", phases));
    assertNull(BulkProgress.parse("garbage"));
  }

  @Test
  void frontierCommitsBelowTheFirstRecordStillWaiting() {
    TopicPartition tp = new TopicPartition("t", 0);
    OffsetFrontier f = new OffsetFrontier();
    assertEquals(9, f.commitOffset(tp, 9));
    f.add(tp, 3);
    f.add(tp, 5);
    assertEquals(3, f.commitOffset(tp, 9));
    f.complete(tp, 3);
    assertEquals(5, f.commitOffset(tp, 9));
    assertThrows(IllegalStateException.class, () -> f.complete(tp, 6));
    f.complete(tp, 5);
    assertEquals(9, f.commitOffset(tp, 9));
    assertTrue(f.isEmpty());
  }
}
