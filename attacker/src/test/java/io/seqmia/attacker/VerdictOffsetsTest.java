package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.kernel.BulkProgress;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class VerdictOffsetsTest {

  private static final TopicPartition SV0 = new TopicPartition("score-vectors", 0);
  private static final TopicPartition SV1 = new TopicPartition("score-vectors", 1);
  private static final TopicPartition CONTROL = new TopicPartition("control", 0);

  @Test
  void metadataRoundTripsVersionsWithSeparators() {
    String attack = "seqmia-mlp/target-1a2b-xyz/seed-42";
    String target = "target;odd=version %41";
    String metadata = new VerdictOffsets(attack, target, new BulkProgress("verdicts", "seq;7"), Map.of()).metadata();
    assertTrue(metadata.startsWith("seqmia-verdicts-v2;attack="), metadata);
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    committed.put(SV0, new OffsetAndMetadata(17, metadata));
    committed.put(SV1, new OffsetAndMetadata(4, metadata));
    committed.put(CONTROL, new OffsetAndMetadata(3, metadata));
    VerdictOffsets read = VerdictOffsets.of(committed);
    assertEquals(attack, read.attackModelVersion());
    assertEquals(target, read.targetModelVersion());
    assertEquals(Map.of(SV0, 17L, SV1, 4L, CONTROL, 3L), read.offsets());
    assertEquals(new BulkProgress("verdicts", "seq;7"), read.progress());
  }

  @Test
  void theFormerFormatReadsAsAFinishedBulkRun() {
    String v1 = "seqmia-verdicts-v1;attack=seqmia-mlp%2Ft%2Fseed-42;target=t";
    VerdictOffsets read = VerdictOffsets.of(Map.of(SV0, new OffsetAndMetadata(8, v1)));
    assertEquals("seqmia-mlp/t/seed-42", read.attackModelVersion());
    assertEquals("t", read.targetModelVersion());
    assertEquals(BulkProgress.DONE, read.progress());
  }

  @Test
  void nothingCommittedOrForeignMetadataReadsAsNone() {
    assertNull(VerdictOffsets.of(Map.of()));
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    committed.put(SV0, null); // a partition without a commit
    committed.put(SV1, new OffsetAndMetadata(9, ""));
    committed.put(CONTROL, new OffsetAndMetadata(2, "seqmia-scored-v1;target=t;shadow="));
    assertNull(VerdictOffsets.of(committed));
    committed.put(SV1, new OffsetAndMetadata(9, "seqmia-verdicts-v1;attack=%zz;target=t")); // bad escape
    assertNull(VerdictOffsets.of(committed));
    committed.put(SV1, new OffsetAndMetadata(9, "seqmia-verdicts-v1;attack=;target=t")); // blank version
    assertNull(VerdictOffsets.of(committed));
  }

  @Test
  void foreignPartitionsAreIgnoredNextToOurs() {
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    committed.put(SV0, new OffsetAndMetadata(5, new VerdictOffsets("a", "t", Map.of()).metadata()));
    committed.put(SV1, new OffsetAndMetadata(9, "something else"));
    VerdictOffsets read = VerdictOffsets.of(committed);
    assertEquals(Map.of(SV0, 5L), read.offsets());
  }

  @Test
  void twoVersionsMeanASharedGroupId() {
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    committed.put(SV0, new OffsetAndMetadata(5, new VerdictOffsets("a1", "t", Map.of()).metadata()));
    committed.put(SV1, new OffsetAndMetadata(9, new VerdictOffsets("a2", "t", Map.of()).metadata()));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> VerdictOffsets.of(committed));
    assertTrue(e.getMessage().contains("attacker.group.id"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new VerdictOffsets(" ", "t", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new VerdictOffsets("a", null, Map.of()));
  }
}
