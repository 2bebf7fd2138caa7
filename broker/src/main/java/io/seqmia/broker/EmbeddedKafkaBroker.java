package io.seqmia.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka server (one combined KRaft broker and controller) running inside this JVM,
 * built with Kafka's own {@code KafkaClusterTestKit}. {@code seqmia broker}, {@code seqmia demo} and the
 * tests (when no Docker engine is reachable) all start it through this class.
 *
 * <p>The broker is single-node, so every internal topic that defaults to replication factor 3
 * (offsets, transaction state) is set to 1 here; exactly-once Kafka Streams and transactional producers
 * need those.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  /** Broker settings a single node needs; anything in {@code overrides} wins. */
  static final Map<String, String> SINGLE_NODE_DEFAULTS = Map.of(
      "offsets.topic.replication.factor", "1",
      "offsets.topic.num.partitions", "5",
      "transaction.state.log.replication.factor", "1",
      "transaction.state.log.min.isr", "1",
      "transaction.state.log.num.partitions", "5",
      "group.initial.rebalance.delay.ms", "0",
      "num.partitions", "1",
      "auto.create.topics.enable", "false",
      "share.coordinator.state.topic.replication.factor", "1",
      "share.coordinator.state.topic.min.isr", "1");

  static final String CLUSTER_ID_FILE = "seqmia-cluster-id";
  static final String FORMATTED_MARKER = "seqmia-formatted";

  private final KafkaClusterTestKit cluster;
  private final int fixedPort;

  private EmbeddedKafkaBroker(KafkaClusterTestKit cluster, int fixedPort) {
    this.cluster = cluster;
    this.fixedPort = fixedPort;
  }

  /** Starts a broker with its data in a fresh temporary directory, deleted on close. */
  public static EmbeddedKafkaBroker start() {
    return start(null, Map.of());
  }

  /**
   * Starts a broker.
   *
   * @param dataDir where the log segments live; null for a temporary directory deleted on close. A
   *     directory given here is kept, so topics survive a restart of {@code seqmia broker}.
   * @param overrides broker configuration properties
   */
  public static EmbeddedKafkaBroker start(Path dataDir, Map<String, String> overrides) {
    KafkaClusterTestKit cluster = null;
    try {
      TestKitNodes.Builder nodes = new TestKitNodes.Builder()
          .setCombined(true)
          .setNumBrokerNodes(1)
          .setNumControllerNodes(1)
          // the newest production metadata version, not the test kit's default (an unreleased one)
          .setBootstrapMetadataVersion(MetadataVersion.latestProduction());
      if (dataDir != null) {
        Files.createDirectories(dataDir);
        nodes.setBaseDirectory(dataDir);
        nodes.setClusterId(persistentClusterId(dataDir));
      }
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
      SINGLE_NODE_DEFAULTS.forEach(builder::setConfigProp);
      overrides.forEach(builder::setConfigProp);
      builder.setDeleteOnClose(dataDir == null);
      // Kafka's formatter prints to stdout; keep stdout for results (tables, JSON): its lines go to the log at INFO.
      java.io.PrintStream stdout = System.out;
      java.io.ByteArrayOutputStream formatterOutput = new java.io.ByteArrayOutputStream();
      System.setOut(new java.io.PrintStream(formatterOutput, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        cluster = builder.build();
        if (dataDir == null || !Files.exists(dataDir.resolve(FORMATTED_MARKER))) {
          cluster.format();
        }
        if (dataDir != null) {
          Files.writeString(dataDir.resolve(FORMATTED_MARKER), "formatted by seqmia\n");
        }
        cluster.startup();
        cluster.waitForReadyBrokers();
      } finally {
        System.setOut(stdout);
        formatterOutput.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
            .forEach(line -> LOG.info("kafka storage format: {}", line));
      }
      return new EmbeddedKafkaBroker(cluster, fixedPort(overrides));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(cluster);
      throw new IllegalStateException("Interrupted while starting the embedded Kafka broker", e);
    } catch (Exception e) {
      closeQuietly(cluster);
      throw new IllegalStateException("Could not start the embedded Kafka broker: " + e.getMessage(), e);
    }
  }

  /** A kept data directory must come back with the cluster id it was formatted with. */
  private static String persistentClusterId(Path dataDir) throws java.io.IOException {
    Path file = dataDir.resolve(CLUSTER_ID_FILE);
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    String id = org.apache.kafka.common.Uuid.randomUuid().toString();
    Files.writeString(file, id);
    return id;
  }

  /** The listener {@code seqmia broker --port} adds, on a fixed port. */
  static final String FIXED_LISTENER = "LOCAL";

  /**
   * Broker overrides that add a client listener on {@code localhost:port}. The test kit binds its own
   * listeners (EXTERNAL, CONTROLLER) to free ports before the server starts and ignores configured
   * ports for them, so the fixed port gets a listener of its own, which the server binds itself.
   */
  public static Map<String, String> listenOn(int port) {
    return Map.of(
        "listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0," + FIXED_LISTENER + "://localhost:" + port,
        "listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + FIXED_LISTENER + ":PLAINTEXT");
  }

  /** {@code localhost:port} when {@link #listenOn} pinned a port, else the test kit's listener. */
  public String bootstrapServers() {
    return fixedPort > 0 ? "localhost:" + fixedPort : cluster.bootstrapServers();
  }


  /** Client properties with {@code bootstrap.servers} set. */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers());
    return props;
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("Error while stopping the embedded Kafka broker", e);
    }
  }

  private static int fixedPort(Map<String, String> overrides) {
    String listeners = overrides.getOrDefault("listeners", "");
    for (String listener : listeners.split(",")) {
      if (listener.startsWith(FIXED_LISTENER + "://")) {
        return Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1));
      }
    }
    return 0;
  }

  private static void closeQuietly(KafkaClusterTestKit cluster) {
    if (cluster != null) {
      try {
        cluster.close();
      } catch (Exception ignored) {
        // already failing; the original error is the one to report
      }
    }
  }
}
