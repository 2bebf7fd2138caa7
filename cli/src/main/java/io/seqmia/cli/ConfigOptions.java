package io.seqmia.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.Option;

/** {@code --config FILE} and repeated {@code --set key=value}: a service's configuration keys. */
public final class ConfigOptions {

  @Option(names = "--config", paramLabel = "FILE", description = "A .properties file of configuration keys.")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set one configuration key (repeatable).")
  List<String> settings = new ArrayList<>();

  /**
   * The stage's configuration. Later sources win: the --config file, then the --command-config file (as kafka.*
   * keys), then {@code SEQMIA_BOOTSTRAP_SERVER}, then each --set, then the --bootstrap-server flag; without any,
   * bootstrap.servers is localhost:9092. topic.prefix comes from --topic-prefix.
   */
  public Properties properties(KafkaOptions kafka) {
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
    String env = System.getenv(KafkaOptions.BOOTSTRAP_ENV);
    if (env != null && !env.isBlank()) {
      props.setProperty("bootstrap.servers", env.trim());
    }
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set " + setting + ": expected KEY=VALUE");
      }
      props.setProperty(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
    }
    if (kafka.bootstrapFlag() != null) {
      props.setProperty("bootstrap.servers", kafka.bootstrapFlag());
    }
    if (props.getProperty("bootstrap.servers", "").isBlank()) {
      props.setProperty("bootstrap.servers", KafkaOptions.DEFAULT_BOOTSTRAP);
    }
    props.setProperty("topic.prefix", kafka.topics().prefix());
    return props;
  }
}
