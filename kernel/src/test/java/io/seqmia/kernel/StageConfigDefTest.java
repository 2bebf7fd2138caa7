package io.seqmia.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;

class StageConfigDefTest {

  private static final StageConfigDef TRAINER = new StageConfigDef("trainer", "test stage")
      .define("trainer.model.epochs", Type.INT, 3, Range.atLeast(1), "epochs")
      .define("trainer.model.dir", Type.STRING, null, "where")
      .define("trainer.progress.timeout.ms", Type.LONG, 1000L, Range.atLeast(1), "timeout")
      .removed("max.sequences", "use trainer.sample.members");

  private static Properties props(String... kv) {
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", "h:1");
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private static String error(Properties p) {
    return assertThrows(IllegalArgumentException.class, () -> TRAINER.parse(p)).getMessage();
  }

  @Test
  void typedValuesDefaultsAndBlankAsUnset() {
    StageConfigDef.Values v = TRAINER.parse(props("trainer.model.epochs", " 7 ", "kafka.security.protocol", "SSL"));
    assertEquals(7, v.integer("trainer.model.epochs"));
    assertNull(v.path("trainer.model.dir"));
    assertEquals(Duration.ofSeconds(1), v.millis("trainer.progress.timeout.ms"));
    assertEquals("h:1", v.bootstrapServers());
    assertEquals("", v.topicPrefix());
    assertEquals("SSL", v.kafka().get("security.protocol"));
    assertEquals(3, TRAINER.parse(props("trainer.model.epochs", "  ")).integer("trainer.model.epochs"));
  }

  @Test
  void badValuesNameTheKeyAndWhatIsAllowed() {
    assertTrue(error(props("trainer.model.epochs", "0")).contains("trainer.model.epochs: Value must be at least 1"));
    assertTrue(error(props("trainer.model.epochs", "many")).contains("trainer.model.epochs"));
    assertTrue(error(props("max.sequences", "5")).contains("'max.sequences' was removed: use trainer.sample.members"));
  }

  @Test
  void unknownKeysStopWithTheNearestValidKey() {
    String typo = error(props("trainer.model.epoch", "3"));
    assertTrue(typo.startsWith("trainer config: unknown key 'trainer.model.epoch'"), typo);
    assertTrue(typo.contains("did you mean 'trainer.model.epochs'?"), typo);
    assertTrue(error(props("epochs", "3")).contains("unknown key 'epochs'"));
    assertTrue(error(props("model.dirr", "x")).contains("did you mean 'trainer.model.dir'?"));
    // another stage's keys are that stage's business: one file configures every stage
    TRAINER.parse(props("streams.min.length", "3", "attacker.seed", "1"));
  }

  @Test
  void oldNamesStillWorkAndTheNewNameWins() {
    assertEquals(1234L, TRAINER.parse(props("idle.timeout.ms", "1234")).whole("trainer.progress.timeout.ms"));
    assertEquals(99L, TRAINER.parse(props("progress.timeout.ms", "1234", "trainer.progress.timeout.ms", "99"))
        .whole("trainer.progress.timeout.ms"));
    // a streams key under its old name is ignored by the trainer, as the new name would be
    TRAINER.parse(props("min.length", "3", "attacker.knows.fraction", "0.5"));
    for (String newKey : RenamedKeys.NEW_NAMES.values()) {
      assertTrue(StageConfigDef.STAGE_PREFIXES.stream().anyMatch(newKey::startsWith), newKey);
    }
  }

  @Test
  void environmentNamesAreUpperCaseWithUnderscores() {
    assertEquals("SEQMIA_TRAINER_MODEL_EPOCHS", StageConfigDef.envName("trainer.model.epochs"));
    assertEquals("SEQMIA_STREAMS_SPLIT_TARGET_MEMBER", StageConfigDef.envName("streams.split.target-member"));
    Set<String> names = new HashSet<>();
    TRAINER.keys().forEach(k -> assertTrue(names.add(StageConfigDef.envName(k)), k));
  }

  @Test
  void ownKeysMustCarryTheStagePrefix() {
    assertThrows(IllegalArgumentException.class,
        () -> new StageConfigDef("trainer", "x").define("model.epochs", Type.INT, 1, "no prefix"));
    assertThrows(IllegalArgumentException.class, () -> new StageConfigDef("nosuchstage", "x"));
  }
}
