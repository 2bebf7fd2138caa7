package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqmia.streams.StreamsAppConfig;
import io.seqmia.trainer.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where a stage's values come from, and which source wins (docs/CONFIGURATION.md, "Where values come from"). */
class ConfigOptionsTest {

  @CommandLine.Command(name = "stage")
  static final class Options {
    @CommandLine.Mixin KafkaOptions kafka;
    @CommandLine.Mixin ConfigOptions config;
  }

  private static TrainerConfig trainer(Map<String, String> env, String... args) {
    Options options = new Options();
    new CommandLine(options).parseArgs(args);
    return TrainerConfig.fromProperties(options.config.properties(options.kafka, env, TrainerConfig.DEFINITION));
  }

  @Test
  void defaultsThenFileThenCommandConfigThenEnvironmentThenSetThenFlags(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("trainer.properties");
    Files.writeString(file, "trainer.model.epochs=4\ntrainer.group.id=from-file\nkafka.client.id=file\n"
        + "kafka.security.protocol=PLAINTEXT\nbootstrap.servers=file:9092\n");
    Path client = dir.resolve("client.properties");
    Files.writeString(client, "security.protocol=SSL\nclient.id=command-config\n");
    String[] fileOnly = {"--config", file.toString()};

    assertEquals(TrainerConfig.defaults("h:1", io.seqmia.schemas.Topics.defaults()).model().epochs(),
        trainer(Map.of()).model().epochs(), "the default");
    assertEquals(4, trainer(Map.of(), fileOnly).model().epochs(), "the file");
    assertEquals("SSL", trainer(Map.of(), "--config", file.toString(), "--command-config", client.toString())
        .kafka().get("security.protocol"), "--command-config over the file");

    Map<String, String> env = Map.of("SEQMIA_TRAINER_MODEL_EPOCHS", "6", "SEQMIA_KAFKA_CLIENT_ID", "env",
        "SEQMIA_KAFKA_SASL_KERBEROS__NAME", "x", "SEQMIA_BOOTSTRAP_SERVER", "env:9092", "SEQMIA_UNRELATED", "y");
    TrainerConfig fromEnv = trainer(env, "--config", file.toString(), "--command-config", client.toString());
    assertEquals(6, fromEnv.model().epochs(), "the environment over the file");
    assertEquals("env", fromEnv.kafka().get("client.id"), "SEQMIA_KAFKA_* over --command-config");
    assertEquals("x", fromEnv.kafka().get("sasl.kerberos_name"), "'__' is '_'");
    assertEquals("from-file", fromEnv.groupId(), "what the environment does not set stays");
    assertEquals("env:9092", fromEnv.bootstrapServers());

    TrainerConfig fromSet = trainer(env, "--config", file.toString(), "--set", "trainer.model.epochs=8",
        "--bootstrap-server", "flag:9092");
    assertEquals(8, fromSet.model().epochs(), "--set over the environment");
    assertEquals("flag:9092", fromSet.bootstrapServers(), "the flag over everything");
  }

  @Test
  void theEnvironmentSetsOnlyTheStagesOwnKeys() {
    Map<String, String> env = Map.of("SEQMIA_STREAMS_MIN_LENGTH", "5", "SEQMIA_TRAINER_MODEL_EPOCHS", "6");
    Properties streams = ConfigOptionsTest.streamsProperties(env);
    assertEquals("5", streams.getProperty(StreamsAppConfig.MIN_LENGTH));
    assertEquals(null, streams.getProperty(TrainerConfig.MODEL_EPOCHS));
    assertEquals(5, StreamsAppConfig.fromProperties(streams).minLength());
  }

  private static Properties streamsProperties(Map<String, String> env) {
    Options options = new Options();
    new CommandLine(options).parseArgs();
    return options.config.properties(options.kafka, env, StreamsAppConfig.DEFINITION);
  }
}
