package io.seqmia.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** The model role: an enum since ScoreVector v4, the string of v1-v3 still read and still written. */
class ModelRolesTest {

  @Test
  void aVectorWrittenBeforeTheEnumReadsItsRoleFromTheString() throws Exception {
    Schema v3 = SchemaHistory.load("avro/history/ScoreVector-v3.avsc");
    GenericRecord old = new GenericData.Record(v3);
    old.put("sequenceId", "s-1");
    old.put("modelRole", "shadow");
    old.put("modelVersion", "shadow-1");
    old.put("featureLayout", FeatureLayouts.V1);
    old.put("featureNames", List.of());
    old.put("features", List.of(1f));
    old.put("topItems", List.of());
    old.put("items", List.of());
    old.put("topItemIndices", List.of());
    old.put("attackerKnows", false);
    old.put("scoredAt", 1_700_000_000_000L);
    ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v3).encode(old);
    byte[] array = new byte[bytes.remaining()];
    bytes.get(array);

    ScoreVector decoded = Records.SCORE_VECTOR.decode(array);
    assertNull(decoded.getRole());
    assertEquals(ModelRole.SHADOW, ModelRoles.of(decoded));
  }

  @Test
  void writingARoleFillsBothFieldsAndAReleasedReaderSeesTheString() throws Exception {
    ScoreVector vector = ModelRoles.withRole(ScoreVector.newBuilder(), ModelRole.TARGET).setSequenceId("s-2")
        .setModelVersion("target-1").setFeatureLayout(FeatureLayouts.V1).setFeatures(List.of(0.5f))
        .setScoredAt(java.time.Instant.EPOCH).build();
    assertEquals(ModelRole.TARGET, vector.getRole());
    assertEquals("target", vector.getModelRole());
    assertEquals(vector, Records.SCORE_VECTOR.decode(Records.SCORE_VECTOR.encode(vector)));

    // a reader of the previous release (ScoreVector v3) decodes today's record and reads the string
    byte[] encoded = Records.SCORE_VECTOR.encode(vector);
    Schema v3 = SchemaHistory.load("avro/history/ScoreVector-v3.avsc");
    GenericDatumReader<GenericRecord> released = new GenericDatumReader<>(ScoreVector.getClassSchema(), v3);
    GenericRecord read = released.read(null,
        DecoderFactory.get().binaryDecoder(encoded, 10, encoded.length - 10, null)); // after the 10-byte header
    assertEquals("target", read.get("modelRole").toString());
  }

  @Test
  void namesRoundTripAndUnknownTextIsUnknown() {
    for (ModelRole role : List.of(ModelRole.TARGET, ModelRole.SHADOW)) {
      assertEquals(role, ModelRoles.parse(ModelRoles.wireName(role)));
    }
    assertEquals(ModelRole.UNKNOWN, ModelRoles.parse("reference"));
    assertEquals(ModelRole.UNKNOWN, ModelRoles.parse("unknown"));
    assertEquals(ModelRole.UNKNOWN, ModelRoles.parse("TARGET"));
  }
}
