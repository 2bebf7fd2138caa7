package io.seqmia.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafka.* keys and --command-config files become every client's settings; the stage's guarantees stay its own. */
class ClientSettingsTest {

  @Test
  void kafkaKeysLoseTheirPrefixAndGoOverTheDefaults() {
    Properties stage = new Properties();
    stage.setProperty("bootstrap.servers", "broker:9093");
    stage.setProperty("kafka.security.protocol", "SASL_SSL");
    stage.setProperty("kafka.sasl.mechanism", "SCRAM-SHA-512");
    stage.setProperty("kafka.linger.ms", "50");
    stage.setProperty("trainer.model.epochs", "3");
    ClientSettings client = ClientSettings.from(stage);
    assertEquals(Map.of("bootstrap.servers", "broker:9093", "security.protocol", "SASL_SSL", "sasl.mechanism",
        "SCRAM-SHA-512", "linger.ms", "50"), client.asMap());
    Properties producer = KafkaDefaults.transactionalProducer(client, "g");
    assertEquals("SASL_SSL", producer.get("security.protocol"));
    assertEquals("50", producer.get("linger.ms"), "the user's setting wins over seqmia's default of 5");
    assertEquals("g-tx", producer.get("transactional.id"));
    Properties consumer = KafkaDefaults.consumer(client, "g");
    assertEquals("SCRAM-SHA-512", consumer.get("sasl.mechanism"));
    assertEquals("read_committed", consumer.get("isolation.level"));
  }

  @Test
  void aKeyTheStagesGuaranteesRestOnIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClientSettings.of("b:9092", Map.of("isolation.level", "read_uncommitted")));
    assertTrue(e.getMessage().contains("kafka.isolation.level") && e.getMessage().contains("remove it"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClientSettings.of(" ", Map.of()));
  }

  @Test
  void aCommandConfigFileReadsAsKafkaKeys(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "security.protocol=SASL_SSL\nsasl.jaas.config=secret\nbootstrap.servers=b:9093\n");
    Map<String, String> keys = ClientSettings.readCommandConfig(file);
    assertEquals(Map.of("kafka.security.protocol", "SASL_SSL", "kafka.sasl.jaas.config", "secret",
        "bootstrap.servers", "b:9093"), keys);
    assertFalse(ClientSettings.of("b:9093", Map.of("sasl.jaas.config", "secret")).toString().contains("secret"),
        "secrets never reach a log line");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ClientSettings.readCommandConfig(dir.resolve("nope.properties")));
    assertTrue(missing.getMessage().startsWith("--command-config"), missing.getMessage());
  }
}
