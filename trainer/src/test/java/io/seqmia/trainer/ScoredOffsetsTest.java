package io.seqmia.trainer;

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

class ScoredOffsetsTest {

  private static final TopicPartition P0 = new TopicPartition("click-sequences", 0);
  private static final TopicPartition P1 = new TopicPartition("click-sequences", 1);

  @Test
  void metadataRoundTripsThroughCommittedOffsets() {
    String metadata = new ScoredOffsets("target-ab12-x1", "target-cd34-x2", "run;1",
        new BulkProgress("target", "seq=7"), Map.of()).metadata();
    assertEquals("seqmia-scored-v2;target=target-ab12-x1;shadow=target-cd34-x2;run=run%3B1;bulk=target%3Aseq%3D7",
        metadata);
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    committed.put(P0, new OffsetAndMetadata(17, metadata));
    committed.put(P1, null); // a partition never committed
    ScoredOffsets read = ScoredOffsets.of(committed);
    assertEquals("target-ab12-x1", read.modelVersion());
    assertEquals("target-cd34-x2", read.shadowModelVersion());
    assertEquals(Map.of(P0, 17L), read.offsets());
    assertEquals("run;1", read.runId());
    assertEquals(new BulkProgress("target", "seq=7"), read.progress());
  }

  @Test
  void theFormerFormatReadsAsAFinishedBulkRun() {
    ScoredOffsets read = ScoredOffsets.of(Map.of(P0, new OffsetAndMetadata(9,
        "seqmia-scored-v1;target=target-ab12-x1;shadow=target-cd34-x2")));
    assertEquals("target-ab12-x1", read.modelVersion());
    assertEquals("target-cd34-x2", read.shadowModelVersion());
    assertEquals(BulkProgress.DONE, read.progress());
    assertNull(read.runId());
    assertEquals(Map.of(P0, 9L), read.offsets());
  }

  @Test
  void noShadowIsAnEmptyField() {
    String metadata = new ScoredOffsets("target-1", null, Map.of()).metadata();
    ScoredOffsets read = ScoredOffsets.of(Map.of(P0, new OffsetAndMetadata(3, metadata)));
    assertNull(read.shadowModelVersion());
  }

  @Test
  void nothingCommittedOrForeignMetadataMeansAFreshStart() {
    Map<TopicPartition, OffsetAndMetadata> none = new HashMap<>();
    none.put(P0, null);
    assertNull(ScoredOffsets.of(none));
    assertNull(ScoredOffsets.of(Map.of(P0, new OffsetAndMetadata(5, ""))));
    assertNull(ScoredOffsets.of(Map.of(P0, new OffsetAndMetadata(5, "committed by someone else"))));
    assertNull(ScoredOffsets.of(Map.of(P0, new OffsetAndMetadata(5, "seqmia-scored-v1;target=;shadow="))));
    assertNull(ScoredOffsets.of(Map.of(P0, new OffsetAndMetadata(5, "seqmia-scored-v2;target=a;bulk=nonsense"))));
  }

  @Test
  void twoVersionsInOneGroupIsAnError() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ScoredOffsets.of(Map.of(
        P0, new OffsetAndMetadata(1, new ScoredOffsets("a", null, Map.of()).metadata()),
        P1, new OffsetAndMetadata(1, new ScoredOffsets("b", null, Map.of()).metadata()))));
    assertTrue(e.getMessage().contains("group id"), e.getMessage());
  }

  @Test
  void versionsThatWouldBreakTheFormatAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ScoredOffsets("a;b", null, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new ScoredOffsets(" ", null, Map.of()));
  }
}
