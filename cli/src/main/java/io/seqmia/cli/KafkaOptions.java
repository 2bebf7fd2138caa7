package io.seqmia.cli;

import io.seqmia.schemas.Topics;
import picocli.CommandLine.Option;

/** The options every command that talks to Kafka shares; names follow Kafka's own tools. */
public final class KafkaOptions {

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      defaultValue = "${env:SEQMIA_BOOTSTRAP_SERVER:-localhost:9092}",
      description = "Kafka bootstrap servers (env SEQMIA_BOOTSTRAP_SERVER; default ${DEFAULT-VALUE}).")
  String bootstrapServer;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "${env:SEQMIA_TOPIC_PREFIX:-}",
      description = "Prefix for every seqmia topic name (env SEQMIA_TOPIC_PREFIX).")
  String topicPrefix;

  public String bootstrapServer() {
    return bootstrapServer;
  }

  public Topics topics() {
    return Topics.withPrefix(topicPrefix);
  }
}
