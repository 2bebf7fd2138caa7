package io.seqmia.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** ScoreVector v3: names once per layout, recommendations as vocabulary indices; at most 1 KB on the default layout. */
class CompactScoreVectorTest {

  private static final int MAX_LENGTH = 20;

  /**
   * The largest default-layout record for a vocabulary of up to 2^20 (1,048,576) items, twenty times the full
   * YooChoose file's 52,739: 94 features, 100 recommendations with 3-byte indices, a full history of 20 nine-digit
   * YooChoose item ids, an augmented variant with its parent. (Past 2^20 items an index takes 4 bytes: +100 bytes.)
   */
  static ScoreVector largestDefaultRecord() {
    Random random = new Random(1);
    List<Float> features = new ArrayList<>();
    for (int i = 0; i < FeatureLayouts.v1(MAX_LENGTH).size(); i++) {
      features.add(random.nextFloat() * 10);
    }
    List<Integer> top = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      top.add(1_048_575 - random.nextInt(100_000));
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < MAX_LENGTH; i++) {
      items.add(Integer.toString(214_000_000 + random.nextInt(999_999)));
    }
    return ModelRoles.withRole(ScoreVector.newBuilder(), ModelRole.TARGET)
        .setSequenceId("11299809#a1").setModelVersion("target-1a2b3c4d-m5x8k2q1")
        .setFeatureLayout(FeatureLayouts.V1).setFeatures(features).setTopItemIndices(top).setItems(items)
        .setVariant(SequenceVariant.AUGMENTED).setParentSequenceId("11299809").setSplit(MembershipSplit.TARGET_NONMEMBER)
        .setMember(false).setAttackerKnows(true).setScoredAt(Instant.ofEpochMilli(1_760_000_000_000L))
        .setSequenceTime(1_760_000_000_000L).build();
  }

  @Test
  void aDefaultLayoutRecordIsAtMostOneKilobyte() {
    ScoreVector v = largestDefaultRecord();
    int compact = Records.SCORE_VECTOR.encode(v).length;
    // The v2 form of the same record: every name and the 100 recommendations as item-id strings.
    List<String> topIds = new ArrayList<>();
    v.getTopItemIndices().forEach(i -> topIds.add(Integer.toString(214_000_000 + i % 999_999)));
    ScoreVector old = ScoreVector.newBuilder(v).setFeatureNames(FeatureLayouts.v1(MAX_LENGTH)).setTopItems(topIds)
        .setTopItemIndices(List.of()).build();
    int before = Records.SCORE_VECTOR.encode(old).length;
    System.out.printf("ScoreVector, default layout, largest record: %d bytes (v2 form: %d bytes)%n", compact, before);
    assertTrue(compact <= 1024, "encoded size " + compact + " bytes");
    assertTrue(before > 2 * compact, "the v2 form was " + before + " bytes");
    assertEquals(v, Records.SCORE_VECTOR.decode(Records.SCORE_VECTOR.encode(v)));
  }

  @Test
  void namesComeFromTheLayoutRegistry() {
    List<String> names = FeatureLayouts.v1(MAX_LENGTH);
    assertEquals(94, names.size());
    assertEquals("nll_mean", names.get(0));
    assertEquals("top_prob_20", names.get(30));
    assertEquals(List.of("logprob_20", "logrank_20", "mask_20"), names.subList(91, 94));
    ScoreVector v = largestDefaultRecord();
    assertEquals(names, FeatureLayouts.names(v));
    assertEquals(FeatureLayouts.v1(8), FeatureLayouts.names(FeatureLayouts.V1, 31 + 27));
    assertThrows(IllegalArgumentException.class, () -> FeatureLayouts.names(FeatureLayouts.V1, 95));
    assertThrows(IllegalArgumentException.class, () -> FeatureLayouts.names("other-layout", 94));
  }

  @Test
  void aVersion2RecordWithNamesAndItemIdsStillDecodes() throws Exception {
    Schema v2 = SchemaHistory.load("avro/history/ScoreVector-v2.avsc");
    GenericRecord old = new GenericData.Record(v2);
    old.put("sequenceId", "42");
    old.put("modelRole", "target");
    old.put("modelVersion", "target-v");
    old.put("featureLayout", FeatureLayouts.V1);
    old.put("featureNames", List.of("nll_mean", "length"));
    old.put("features", List.of(1.5f, 3f));
    old.put("topItems", List.of("item-9", "item-4"));
    old.put("items", List.of("item-1", "item-2"));
    old.put("variant", null);
    old.put("parentSequenceId", null);
    old.put("split", null);
    old.put("member", true);
    old.put("attackerKnows", false);
    old.put("scoredAt", 1_700_000_000_000L);
    old.put("sequenceTime", null);
    ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(old);
    byte[] array = new byte[bytes.remaining()];
    bytes.get(array);
    ScoreVector decoded = Records.SCORE_VECTOR.decode(array);
    assertEquals(List.of("nll_mean", "length"), FeatureLayouts.names(decoded), "the names it carries");
    assertEquals(List.of("item-9", "item-4"), decoded.getTopItems());
    assertEquals(List.of(), decoded.getTopItemIndices());
  }

  @Test
  void aVocabularyEventRoundTripsAndOldReadersSeeUnknown() {
    ControlEvent e = ControlEvent.newBuilder().setType(ControlType.VOCABULARY).setRunId("r").setSource("trainer")
        .setTimestamp(Instant.EPOCH).setCount(3L).setItems(List.of("a", "b")).build();
    assertEquals(e, Records.CONTROL_EVENT.decode(Records.CONTROL_EVENT.encode(e)));
  }
}
