package io.seqmia.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Records written with a retired schema version still decode: the serde finds the writer by fingerprint. */
class SchemaHistoryTest {

  @Test
  void aControlEventWrittenWithVersion1DecodesWithTodaysReader() throws Exception {
    Schema v1 = SchemaHistory.load("avro/history/ControlEvent-v1.avsc");
    GenericRecord old = new GenericData.Record(v1);
    old.put("type", new GenericData.EnumSymbol(v1.getField("type").schema(), "END_OF_REPLAY"));
    old.put("runId", "run-1");
    old.put("source", "replay");
    old.put("timestamp", 1_700_000_000_000L);
    old.put("partition", null);
    old.put("count", 42L);
    old.put("metrics", Map.of());
    old.put("attributes", Map.of("file", "clicks.dat"));
    ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] array = new byte[bytes.remaining()];
    bytes.get(array);

    ControlEvent decoded = Records.CONTROL_EVENT.decode(array);
    assertEquals(ControlType.END_OF_REPLAY, decoded.getType());
    assertEquals("run-1", decoded.getRunId());
    assertEquals(42L, decoded.getCount());
    assertEquals("clicks.dat", decoded.getAttributes().get("file"));
  }

  @Test
  void trainNowRoundTrips() {
    ControlEvent event = ControlEvent.newBuilder().setType(ControlType.TRAIN_NOW).setRunId("r").setSource("cli")
        .setTimestamp(Instant.EPOCH).build();
    assertEquals(event, Records.CONTROL_EVENT.decode(Records.CONTROL_EVENT.encode(event)));
  }
}
