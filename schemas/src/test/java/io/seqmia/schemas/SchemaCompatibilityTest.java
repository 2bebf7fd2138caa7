package io.seqmia.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Every released schema version stays readable by today's readers (backward) and today's records stay
 * readable by released readers (forward). Released versions live under {@code released/vN/} in the
 * test resources; copy the .avsc files there when a version ships.
 */
class SchemaCompatibilityTest {

  static final List<String> RELEASES = List.of("v1", "v2", "v3");

  static final Map<String, Schema> CURRENT = Map.of(
      "Click", Click.getClassSchema(),
      "ClickSequence", ClickSequence.getClassSchema(),
      "ScoreVector", ScoreVector.getClassSchema(),
      "MembershipVerdict", MembershipVerdict.getClassSchema(),
      "AttackReport", AttackReport.getClassSchema(),
      "ControlEvent", ControlEvent.getClassSchema(),
      "DeadLetter", DeadLetter.getClassSchema());

  @Test
  void currentSchemasReadAndAreReadByEveryRelease() throws IOException {
    for (String release : RELEASES) {
      for (Map.Entry<String, Schema> entry : CURRENT.entrySet()) {
        Schema released = parse("released/" + release + "/" + entry.getKey() + ".avsc");
        Schema current = entry.getValue();
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
            SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType(),
            entry.getKey() + ": current reader cannot read " + release + " data");
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
            SchemaCompatibility.checkReaderWriterCompatibility(released, current).getType(),
            entry.getKey() + ": " + release + " reader cannot read current data");
      }
    }
  }

  @Test
  void anIncompatibleChangeIsDetected() {
    Schema click = Click.getClassSchema();
    Schema renamed = new Schema.Parser().parse(click.toString().replace("\"itemId\"", "\"productId\""));
    assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(renamed, click).getType());
  }

  private static Schema parse(String resource) throws IOException {
    try (InputStream in = SchemaCompatibilityTest.class.getClassLoader().getResourceAsStream(resource)) {
      Schema.Parser parser = new Schema.Parser();
      parser.addTypes(List.of(MembershipSplit.getClassSchema(), SequenceVariant.getClassSchema(),
          ModelRole.getClassSchema()));
      return parser.parse(in);
    }
  }
}
