package io.seqmia.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema a seqmia reader must still decode: the current ones, plus earlier versions kept
 * under {@code avro/history/} once a schema changes. Single-object encoding looks writers up here by
 * fingerprint.
 */
public final class SchemaHistory {

  /** Files under {@code avro/history/} on the classpath, one per retired schema version. */
  static final List<String> RETIRED = List.of("ControlEvent-v1.avsc", "AttackReport-v1.avsc", "ScoreVector-v1.avsc",
      "ControlEvent-v2.avsc", "AttackReport-v2.avsc", "ScoreVector-v2.avsc", "AttackReport-v3.avsc",
      "ControlEvent-v3.avsc", "AttackReport-v4.avsc", "ScoreVector-v3.avsc");

  private static final SchemaStore.Cache STORE = build();

  private SchemaHistory() {}

  public static SchemaStore store() {
    return STORE;
  }

  private static SchemaStore.Cache build() {
    SchemaStore.Cache cache = new SchemaStore.Cache();
    for (Schema current : Records.currentSchemas()) {
      cache.addSchema(current);
    }
    for (String file : RETIRED) {
      cache.addSchema(load("avro/history/" + file));
    }
    return cache;
  }

  /** Parses one schema file from the classpath (enums it names are resolved from the current ones). */
  public static Schema load(String resource) {
    try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Schema resource not on the classpath: " + resource);
      }
      Schema.Parser parser = new Schema.Parser();
      parser.addTypes(List.of(MembershipSplit.getClassSchema(), SequenceVariant.getClassSchema(),
          ModelRole.getClassSchema()));
      return parser.parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
