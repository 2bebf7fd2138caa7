package io.seqmia.streams;

import io.seqmia.schemas.Topics;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams stage: {@code clicks} → sessionizer → {@code click-sequences}, {@code control},
 * {@code clicks-dlq}. Every processor and store is named so the topology can evolve without
 * renaming changelog topics.
 *
 * <p>Replication: Kafka Streams creates its changelog topics with {@code replication.factor}. seqmia
 * defaults it to 1 because the demo and the tests run against a single broker, where any higher value
 * makes topic creation fail; on a real cluster set it to 3. Exactly-once (v2) also needs the broker's
 * transaction state log to be creatable, which on a single broker means its own replication factor of 1
 * (the embedded broker sets that).
 */
public final class SeqmiaTopology {

  public static final String SOURCE = "clicks";
  public static final String SESSIONIZER = "sessionizer";
  public static final String SEQUENCES_SINK = "click-sequences-sink";
  public static final String CONTROL_SINK = "control-sink";
  public static final String DLQ_SINK = "clicks-dlq-sink";

  public static final String SESSIONS_STORE = "seqmia-sessions";
  /** Open sessions and last closed session per user, in session.mode=user-gap (instead of the two above/below). */
  public static final String USER_SESSIONS_STORE = "seqmia-user-sessions";
  public static final String SESSION_DEADLINES_STORE = "seqmia-session-deadlines";
  public static final String CLOSED_SESSIONS_STORE = "seqmia-closed-sessions";
  public static final String CLOSED_BY_TIME_STORE = "seqmia-closed-by-time";
  public static final String ITEM_COUNTS_STORE = "seqmia-item-counts";
  public static final String ITEM_COOC_STORE = "seqmia-item-cooccurrence";

  private SeqmiaTopology() {}

  public static Topology buildTopology(StreamsAppConfig config) {
    return buildTopology(config, new StreamsCounters());
  }

  /** The topology, counting into {@code counters}. */
  public static Topology buildTopology(StreamsAppConfig config, StreamsCounters counters) {
    return buildTopology(config, counters, false);
  }

  /**
   * The same topology, optionally with in-memory stores (still changelogged). For tests that push
   * many records through a TopologyTestDriver, which checkpoints (flushes and fsyncs) persistent stores
   * after every record; production always uses RocksDB.
   */
  static Topology buildTopology(StreamsAppConfig config, StreamsCounters counters, boolean inMemoryStores) {
    Function<String, KeyValueBytesStoreSupplier> store =
        inMemoryStores ? Stores::inMemoryKeyValueStore : Stores::persistentKeyValueStore;
    Topics topics = config.topics();
    Topology topology = new Topology();
    // Values arrive as bytes and are decoded by the sessionizer, which dead-letters what cannot be read.
    topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        topics.clicks().name());
    topology.addProcessor(SESSIONIZER, () -> new SessionProcessor(config, counters), SOURCE);
    if (config.sessionMode() == SessionMode.SESSION_ID) {
      topology.addStateStore(Stores.keyValueStoreBuilder(
          store.apply(SESSIONS_STORE), Serdes.String(), SessionState.SERDE), SESSIONIZER);
      topology.addStateStore(Stores.keyValueStoreBuilder(
          store.apply(CLOSED_SESSIONS_STORE), Serdes.String(), Serdes.Long()), SESSIONIZER);
    } else {
      topology.addStateStore(Stores.keyValueStoreBuilder(
          store.apply(USER_SESSIONS_STORE), Serdes.String(), UserSessions.SERDE), SESSIONIZER);
    }
    topology.addStateStore(Stores.keyValueStoreBuilder(
        store.apply(SESSION_DEADLINES_STORE), Serdes.String(), Serdes.String()), SESSIONIZER);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        store.apply(CLOSED_BY_TIME_STORE), Serdes.String(), Serdes.String()), SESSIONIZER);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        store.apply(ITEM_COUNTS_STORE), Serdes.String(), Serdes.Long()), SESSIONIZER);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        store.apply(ITEM_COOC_STORE), Serdes.String(), CoocCounts.SERDE), SESSIONIZER);
    topology.addSink(SEQUENCES_SINK, topics.clickSequences().name(),
        topics.clickSequences().keySerde().serializer(), topics.clickSequences().valueSerde().serializer(),
        SESSIONIZER);
    topology.addSink(CONTROL_SINK, topics.control().name(),
        topics.control().keySerde().serializer(), topics.control().valueSerde().serializer(), SESSIONIZER);
    topology.addSink(DLQ_SINK, topics.clicksDlq().name(),
        topics.clicksDlq().keySerde().serializer(), topics.clicksDlq().valueSerde().serializer(), SESSIONIZER);
    return topology;
  }

  /**
   * Kafka Streams settings: exactly-once v2 (transactions; consumers then read with
   * isolation.level=read_committed), the configured replication factor for internal topics, commit
   * interval, thread count and state directory, then any {@code kafka.*} overrides.
   */
  public static Properties streamsConfig(StreamsAppConfig config) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    // New deployments start from the beginning of clicks so nothing replayed before start is missed.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.putAll(config.kafkaOverrides());
    return props;
  }
}
