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

  /** The file's keys, then the --set ones, then bootstrap.servers and topic.prefix from the Kafka options. */
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
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set " + setting + ": expected KEY=VALUE");
      }
      props.setProperty(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
    }
    props.setProperty("bootstrap.servers", kafka.bootstrapServer());
    props.setProperty("topic.prefix", kafka.topics().prefix());
    return props;
  }
}
