package io.seqmia.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import io.seqmia.kernel.ClientSettings;
import io.seqmia.kernel.StageConfigDef;
import java.util.Properties;
import picocli.CommandLine.Option;

/** {@code --config FILE} and repeated {@code --set key=value}: a service's configuration keys. */
public final class ConfigOptions {

  @Option(names = "--config", paramLabel = "FILE", description = "A .properties file of configuration keys.")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set one configuration key (repeatable).")
  List<String> settings = new ArrayList<>();

  /**
   * A stage's configuration (docs/CONFIGURATION.md, "Where values come from"). Later sources win: the --config
   * file, the --command-config file (as kafka.* keys), the environment (each declared key's {@code SEQMIA_*}
   * variable, {@code SEQMIA_KAFKA_*}, {@code SEQMIA_BOOTSTRAP_SERVER}), each --set, then the --bootstrap-server
   * flag; without any, bootstrap.servers is localhost:9092. topic.prefix comes from --topic-prefix.
   *
   * @param stages whose keys the environment may set
   */
  public Properties properties(KafkaOptions kafka, StageConfigDef... stages) {
    return properties(kafka, System.getenv(), stages);
  }

  Properties properties(KafkaOptions kafka, Map<String, String> env, StageConfigDef... stages) {
    Properties props = new Properties();
    if (configFile != null) {
      if (!Files.isRegularFile(configFile)) {
        throw new IllegalArgumentException("--config " + configFile + ": no such file");
      }
      try (Reader in = Files.newBufferedReader(configFile)) {
        props.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("--config " + configFile + ": cannot read it: " + e.getMessage());
      }
    }
    props.putAll(kafka.commandConfigKeys());
    props.putAll(fromEnvironment(env, stages));
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set " + setting + ": expected KEY=VALUE");
      }
      props.setProperty(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
    }
    if (kafka.bootstrapFlag() != null) {
      props.setProperty(StageConfigDef.BOOTSTRAP_SERVERS, kafka.bootstrapFlag());
    }
    if (props.getProperty(StageConfigDef.BOOTSTRAP_SERVERS, "").isBlank()) {
      props.setProperty(StageConfigDef.BOOTSTRAP_SERVERS, KafkaOptions.DEFAULT_BOOTSTRAP);
    }
    props.setProperty(StageConfigDef.TOPIC_PREFIX, kafka.topics().prefix());
    return props;
  }

  /**
   * The configuration keys the environment sets: each declared key's {@link StageConfigDef#envName}, {@code
   * SEQMIA_KAFKA_*} as kafka.* keys (Kafka's image convention: '_' is '.', '__' is '_', '___' is '-'), and
   * {@value KafkaOptions#BOOTSTRAP_ENV}.
   */
  static Map<String, String> fromEnvironment(Map<String, String> env, StageConfigDef... stages) {
    Map<String, String> keys = new TreeMap<>();
    for (StageConfigDef stage : stages) {
      for (String key : stage.keys()) {
        String value = env.get(StageConfigDef.envName(key));
        if (value != null) {
          keys.put(key, value);
        }
      }
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().startsWith(KAFKA_ENV) && e.getKey().length() > KAFKA_ENV.length()) {
        String name = e.getKey().substring(KAFKA_ENV.length()).toLowerCase(Locale.ROOT)
            .replace("___", "-").replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
        keys.put(ClientSettings.PREFIX + name, e.getValue());
      }
    }
    String bootstrap = env.get(KafkaOptions.BOOTSTRAP_ENV);
    if (bootstrap != null && !bootstrap.isBlank()) {
      keys.put(StageConfigDef.BOOTSTRAP_SERVERS, bootstrap.trim());
    }
    return keys;
  }

  static final String KAFKA_ENV = StageConfigDef.ENV_PREFIX + "KAFKA_";
}
