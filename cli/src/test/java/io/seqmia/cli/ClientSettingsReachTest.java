package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.attacker.AttackerConfig;
import io.seqmia.attacker.AttackerService;
import io.seqmia.replay.ReplayConfig;
import io.seqmia.replay.Replayer;
import io.seqmia.streams.StreamsAppConfig;
import io.seqmia.trainer.TrainerConfig;
import io.seqmia.trainer.TrainerService;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A {@code kafka.*} key (or a --command-config file's key) reaches the Kafka clients of each stage, parsed the way
 * the commands parse it. The trainer's and attacker's clients are real: each registers its metrics under the
 * client.id it was given, which is what this test looks for.
 */
class ClientSettingsReachTest {

  /** The stage's configuration as `seqmia <command> ... --set ... --command-config ...` builds it. */
  private static Properties parse(String... args) {
    Options options = new Options();
    new CommandLine(options).parseArgs(args);
    return options.config.properties(options.kafka);
  }

  @CommandLine.Command(name = "stage")
  static final class Options {
    @CommandLine.Mixin KafkaOptions kafka;
    @CommandLine.Mixin ConfigOptions config;
  }

  private static boolean clientRegistered(String type, String clientId) throws Exception {
    return !ManagementFactory.getPlatformMBeanServer()
        .queryNames(new ObjectName("kafka." + type + ":type=" + type + "-metrics,client-id=" + clientId), null)
        .isEmpty();
  }

  @Test
  void theTrainersAndAttackersClientsGetTheSetting() throws Exception {
    Properties trainer = parse("--bootstrap-server", "localhost:1", "--set", "kafka.client.id=audit-trainer");
    try (TrainerService service = new TrainerService(TrainerConfig.fromProperties(trainer))) {
      assertTrue(clientRegistered("consumer", "audit-trainer"), "the trainer's consumer");
      assertTrue(clientRegistered("producer", "audit-trainer"), "the trainer's producer");
    }
    Properties attacker = parse("--bootstrap-server", "localhost:1", "--set", "kafka.client.id=audit-attacker");
    try (AttackerService service = new AttackerService(AttackerConfig.fromProperties(attacker))) {
      assertTrue(clientRegistered("consumer", "audit-attacker"), "the attacker's consumer");
      assertTrue(clientRegistered("producer", "audit-attacker"), "the attacker's producer");
    }
  }

  @Test
  void aCommandConfigFileReachesStreamsReplayAndTheCommandsClients(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");
    Properties streams = parse("--command-config", file.toString(), "--set", "streams.application.id=a");
    assertEquals("SASL_SSL", StreamsAppConfig.fromProperties(streams).kafkaOverrides().get("security.protocol"));

    Options command = new Options();
    new CommandLine(command).parseArgs("--bootstrap-server", "b:9093", "--command-config", file.toString());
    KafkaOptions kafka = command.kafka;
    assertEquals("PLAIN", kafka.client().asMap().get("sasl.mechanism"), "topics, verdicts, report, train-now");
    Properties producer = Replayer.producerProperties(new ReplayConfig("b:9093", kafka.topics(), file, null, null,
        java.util.Map.of("security.protocol", "SASL_SSL")));
    assertEquals("SASL_SSL", producer.get("security.protocol"), "replay's producer");
  }

  @Test
  void aConfigFilesBootstrapServersIsNotOverwrittenByTheFlagsDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("trainer.properties");
    Files.writeString(file, "bootstrap.servers=from-file:9092\n");
    assertEquals("from-file:9092", parse("--config", file.toString()).getProperty("bootstrap.servers"));
    assertEquals("flag:9092", parse("--config", file.toString(), "--bootstrap-server", "flag:9092")
        .getProperty("bootstrap.servers"), "an explicit flag wins");
    assertEquals("set:9092", parse("--config", file.toString(), "--set", "bootstrap.servers=set:9092")
        .getProperty("bootstrap.servers"), "--set wins over the file");
    assertEquals(KafkaOptions.DEFAULT_BOOTSTRAP, parse().getProperty("bootstrap.servers"));
  }
}
