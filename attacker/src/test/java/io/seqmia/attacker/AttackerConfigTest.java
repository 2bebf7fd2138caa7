package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttackerConfigTest {

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaults() {
    AttackerConfig c = AttackerConfig.fromProperties(props("bootstrap.servers", "h:9092"));
    assertEquals("h:9092", c.bootstrapServers());
    assertEquals("seqmia-attacker", c.groupId());
    assertEquals(42, c.seed());
    assertEquals(0.5, c.threshold());
    assertEquals("score-vectors", c.topics().scoreVectors().name());
    assertEquals(Duration.ofMinutes(2), c.waitTimeout());
    assertNull(c.modelDir(), "the attack model is not saved unless asked");
    assertNull(c.reportDir());
  }

  @Test
  void modelDirIsAPathAndMustNotBeAFile(@TempDir Path tmp) throws Exception {
    AttackerConfig c = AttackerConfig.fromProperties(props("bootstrap.servers", "h:1",
        "attacker.model.dir", tmp.resolve("models").toString()));
    assertEquals(tmp.resolve("models"), c.modelDir());
    assertEquals(tmp.resolve("other"), c.withModelDir(tmp.resolve("other")).modelDir());
    assertEquals(tmp.resolve("models"), c.withSeed(3).withGroupId("g").modelDir(), "kept by the other withers");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertMessage("attacker.model.dir", props("bootstrap.servers", "h:1", "attacker.model.dir", file.toString()));
  }

  @Test
  void overrides() {
    AttackerConfig c = AttackerConfig.fromProperties(props("bootstrap.servers", "h:1", "topic.prefix", "a1.",
        "attacker.group.id", "g", "attacker.seed", "7", "attacker.threshold", "0.7", "attacker.poll.timeout.ms", "50",
        "attacker.wait.timeout.ms", "1000", "trainer.epochs", "3"));
    assertEquals("a1.membership-verdicts", c.topics().membershipVerdicts().name());
    assertEquals("g", c.groupId());
    assertEquals(7, c.seed());
    assertEquals(0.7, c.threshold());
    assertEquals(Duration.ofMillis(50), c.pollTimeout());
    assertEquals(Duration.ofSeconds(1), c.waitTimeout());
  }

  @Test
  void badConfigSaysWhatToFix() {
    assertMessage("bootstrap.servers", props());
    assertMessage("attacker.threshold", props("bootstrap.servers", "h:1", "attacker.threshold", "1.5"));
    assertMessage("attacker.threshold", props("bootstrap.servers", "h:1", "attacker.threshold", "high"));
    assertMessage("attacker.seed", props("bootstrap.servers", "h:1", "attacker.seed", "4.2"));
    assertMessage("attacker.model.dir", props("bootstrap.servers", "h:1", "attacker.model-dir", "/tmp/m"));
    assertMessage("attacker.treshold", props("bootstrap.servers", "h:1", "attacker.treshold", "0.5"));
    assertMessage("topic.prefix", props("bootstrap.servers", "h:1", "topic.prefix", "bad prefix"));
    assertMessage("attacker.poll.timeout.ms", props("bootstrap.servers", "h:1", "attacker.poll.timeout.ms", "0"));
  }

  private static void assertMessage(String expected, Properties p) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttackerConfig.fromProperties(p));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
