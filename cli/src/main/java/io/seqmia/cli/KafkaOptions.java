package io.seqmia.cli;

import io.seqmia.kernel.ClientSettings;
import io.seqmia.schemas.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** The options every command that talks to Kafka shares; names follow Kafka's own tools. */
public final class KafkaOptions {

  static final String BOOTSTRAP_ENV = "SEQMIA_BOOTSTRAP_SERVER";
  static final String DEFAULT_BOOTSTRAP = "localhost:9092";

  // No picocli default: a config file's bootstrap.servers must not be overwritten by a default (ConfigOptions).
  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (env " + BOOTSTRAP_ENV + "; default " + DEFAULT_BOOTSTRAP + ").")
  String bootstrapServer;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "${env:SEQMIA_TOPIC_PREFIX:-}",
      description = "Prefix for every seqmia topic name (env SEQMIA_TOPIC_PREFIX).")
  String topicPrefix;

  @Option(names = "--command-config", paramLabel = "FILE",
      description = "A Kafka client properties file (security.protocol, sasl.*, ssl.*, as Kafka's own tools take"
          + " it). Its keys reach every Kafka client of the command, as kafka.* configuration keys do.")
  Path commandConfig;

  /** The flag, else the environment, else {@value #DEFAULT_BOOTSTRAP}. */
  public String bootstrapServer() {
    if (bootstrapServer != null && !bootstrapServer.isBlank()) {
      return bootstrapServer.trim();
    }
    String env = System.getenv(BOOTSTRAP_ENV);
    return env != null && !env.isBlank() ? env.trim() : DEFAULT_BOOTSTRAP;
  }

  /** The --bootstrap-server flag when it was given, else null. */
  String bootstrapFlag() {
    return bootstrapServer == null || bootstrapServer.isBlank() ? null : bootstrapServer.trim();
  }

  public Topics topics() {
    return Topics.withPrefix(topicPrefix);
  }

  /** The --command-config file's keys as kafka.* configuration keys (its bootstrap.servers as it is); none: empty. */
  Map<String, String> commandConfigKeys() {
    return commandConfig == null ? Map.of() : ClientSettings.readCommandConfig(commandConfig);
  }

  /** For commands without a stage configuration: the bootstrap servers and the --command-config settings. */
  public ClientSettings client() {
    Map<String, String> client = new TreeMap<>();
    String bootstrap = bootstrapServer();
    for (Map.Entry<String, String> e : commandConfigKeys().entrySet()) {
      if (e.getKey().equals(ClientSettings.BOOTSTRAP_SERVERS)) {
        bootstrap = bootstrapFlag() != null ? bootstrapFlag() : e.getValue();
      } else {
        client.put(e.getKey().substring(ClientSettings.PREFIX.length()), e.getValue());
      }
    }
    return ClientSettings.of(bootstrap, client);
  }
}
