package io.seqmia.cli;

import io.seqmia.broker.EmbeddedKafkaBroker;
import io.seqmia.broker.TopicAdmin;
import io.seqmia.schemas.Topics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqmia broker}: a real single-node KRaft Kafka broker on localhost, no Docker needed. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run a standalone single-node KRaft Kafka broker on localhost until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "9092", description = "Client port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", defaultValue = "seqmia-data/broker",
      description = "Where the broker keeps its logs; kept across restarts (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of the seqmia topics to create.")
  String topicPrefix;

  @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the data topics (default ${DEFAULT-VALUE}).")
  int partitions;

  @Mixin HttpOptions http;

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port " + port + ": must be between 1 and 65535");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions " + partitions + ": must be at least 1");
    }
    Map<String, String> overrides = new HashMap<>(EmbeddedKafkaBroker.listenOn(port));
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.toAbsolutePath(), overrides);
    BrokerObservation observation = new BrokerObservation(broker.bootstrapServers());
    io.seqmia.kernel.ServiceEndpoints endpoints = http.start("broker", observation);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (endpoints != null) {
        endpoints.close();
      }
      observation.close();
      broker.close();
      System.err.println("broker: stopped on request; its data is in " + dataDir.toAbsolutePath());
      stopped.countDown();
    }, "broker-shutdown"));
    Topics topics = Topics.withPrefix(topicPrefix);
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, partitions, (short) 1);
    System.out.println("Kafka broker running at " + broker.bootstrapServers()
        + " (data in " + dataDir.toAbsolutePath() + "); Ctrl-C stops it.");
    System.out.println("Use it with: ./seqmia <command> --bootstrap-server " + broker.bootstrapServers());
    stopped.await();
    return 0;
  }
}
