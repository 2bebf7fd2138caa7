package io.seqmia.cli;

import io.seqmia.broker.TopicAdmin;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqmia topics}: creates seqmia's topics on a cluster (idempotent). */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Create the seqmia topics on a Kafka cluster if they do not exist.")
final class TopicsCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the data topics (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--replication-factor", defaultValue = "1", description = "Replication factor (default ${DEFAULT-VALUE}).")
  short replicationFactor;

  @Override
  public Integer call() {
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions " + partitions + ": must be at least 1");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("--replication-factor " + replicationFactor + ": must be at least 1");
    }
    TopicAdmin.ensureTopics(kafka.client().asMap(), kafka.topics(), partitions, replicationFactor);
    kafka.topics().all().forEach(t -> System.out.println(t.name()));
    return 0;
  }
}
