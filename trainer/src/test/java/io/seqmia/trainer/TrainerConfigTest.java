package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsAndOverrides() {
    TrainerConfig c = TrainerConfig.fromProperties(props(TrainerConfig.BOOTSTRAP_SERVERS, "localhost:9092"));
    assertEquals("seqmia-trainer", c.groupId());
    assertEquals(Duration.ofMinutes(10), c.progressTimeout());
    assertEquals(1024L << 20, c.store().memoryBytes());
    assertEquals(TrainerConfig.MemberSample.all(), c.sample());
    assertEquals(false, c.sample().sampled(1_000_000), "default: every member trains, on CPU and GPU alike");
    TrainerConfig s = TrainerConfig.fromProperties(props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1",
        TrainerConfig.SAMPLE_MEMBERS, "5000", TrainerConfig.SAMPLE_SEED, "7", TrainerConfig.STORE_MEMORY_MB, "3",
        TrainerConfig.STORE_DIR, "/tmp/spill"));
    assertEquals(new TrainerConfig.MemberSample(5000, 7), s.sample());
    assertEquals(3L << 20, s.store().memoryBytes());
    assertEquals(java.nio.file.Path.of("/tmp/spill"), s.storeDir());
    assertEquals(TargetModelConfig.overfit(), c.model());
    assertEquals("clicks", c.topics().clicks().name());

    TrainerConfig o = TrainerConfig.fromProperties(props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1",
        TrainerConfig.TOPIC_PREFIX, "audit.", TrainerConfig.MODEL_EPOCHS, "7", TrainerConfig.MODEL_DROPOUT, "0.2",
        TrainerConfig.IDLE_TIMEOUT_MS, "5000", TrainerConfig.MODEL_PRESET, "default"));
    assertEquals("audit.click-sequences", o.topics().clickSequences().name());
    assertEquals(7, o.model().epochs());
    assertEquals(0.2f, o.model().dropout());
    assertEquals(TargetModelConfig.DEFAULT_LEARNING_RATE, o.model().learningRate());
    assertEquals(Duration.ofSeconds(5), o.progressTimeout());
    assertEquals(Duration.ofSeconds(7), TrainerConfig.fromProperties(props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1",
        TrainerConfig.IDLE_TIMEOUT_MS, "5000", TrainerConfig.PROGRESS_TIMEOUT_MS, "7000")).progressTimeout());
  }

  @Test
  void badValuesNameTheKey() {
    assertMessage("bootstrap.servers", props());
    assertMessage("model.epochs", props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1", TrainerConfig.MODEL_EPOCHS, "many"));
    assertMessage("trainer.model.epochs: Value must be at least 1", props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1", TrainerConfig.MODEL_EPOCHS, "0"));
    assertMessage("heads", props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1", TrainerConfig.MODEL_HEADS, "3"));
    assertMessage("progress.timeout.ms", props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1", TrainerConfig.IDLE_TIMEOUT_MS, "0"));
    assertMessage("model.preset", props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1", TrainerConfig.MODEL_PRESET, "huge"));
    // The removed key stops with a migration message naming its replacements.
    assertMessage("'max.sequences' was removed", props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1",
        TrainerConfig.MAX_SEQUENCES, "2000000"));
    assertMessage("trainer.store.memory.mb", props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1",
        TrainerConfig.MAX_SEQUENCES, "2000000"));
    assertMessage("trainer.sample.members", props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1",
        TrainerConfig.SAMPLE_MEMBERS, "-1"));
    assertMessage("trainer.store.memory.mb", props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1",
        TrainerConfig.STORE_MEMORY_MB, "-1"));
    assertMessage("topic prefix", props(TrainerConfig.BOOTSTRAP_SERVERS, "h:1", TrainerConfig.TOPIC_PREFIX, "a b"));
  }

  private static void assertMessage(String fragment, Properties p) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.fromProperties(p));
    assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should mention " + fragment);
  }
}
