package io.seqmia.cli;

import io.seqmia.broker.TopicAdmin;
import picocli.CommandLine.Option;

/** Stage commands create the topics they need when missing, so each stage can start first. */
public final class TopicOptions {

  @Option(names = "--partitions", defaultValue = "2",
      description = "Partitions for topics this command has to create (default ${DEFAULT-VALUE}).")
  int partitions;

  /** Creates the missing seqmia topics on the cluster of {@code kafka}. */
  void ensureTopics(KafkaOptions kafka, short replicationFactor) {
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions " + partitions + ": must be at least 1");
    }
    TopicAdmin.ensureTopics(kafka.client().asMap(), kafka.topics(), partitions, replicationFactor);
  }
}
