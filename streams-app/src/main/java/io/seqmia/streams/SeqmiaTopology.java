package io.seqmia.streams;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.DeadLetter;
import io.seqmia.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams stage: {@code clicks} → sessionizer (one task per clicks partition) → ORIGINALs to
 * {@code click-sequences}, dead letters to {@code clicks-dlq}, and ORIGINALs plus flush notices through
 * the one-partition internal topic {@value #AUGMENT_INPUT} to the augmenter (one task, the item
 * similarity) → variants to {@code click-sequences}, SESSIONS_FLUSHED to {@code control}. Every
 * operator, store and internal topic is named so the topology can evolve without renaming them.
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
  /** The single-partition internal topic (and its operators) from the sessionizers to the augmenter. */
  public static final String AUGMENT_INPUT = "seqmia-augment-input";
  public static final String AUGMENTER = "augmenter";
  public static final String VARIANTS_SINK = "click-variants-sink";

  public static final String SESSIONS_STORE = "seqmia-sessions";
  /** Open sessions and last closed session per user, in session.mode=user-gap (instead of the two above/below). */
  public static final String USER_SESSIONS_STORE = "seqmia-user-sessions";
  public static final String SESSION_DEADLINES_STORE = "seqmia-session-deadlines";
  public static final String CLOSED_SESSIONS_STORE = "seqmia-closed-sessions";
  public static final String CLOSED_BY_TIME_STORE = "seqmia-closed-by-time";
  public static final String ITEM_COUNTS_STORE = "seqmia-item-counts";
  /** Sessions shared per ordered item pair ({@link ItemSimilarity#pairKey}). */
  public static final String ITEM_PAIRS_STORE = "seqmia-item-pairs";
  /** The flush in progress on a sessionizer task, and flushes queued behind it ({@link FlushProgress}). */
  public static final String FLUSH_PROGRESS_STORE = "seqmia-flush-progress";
  /** The augmenter's release in progress: its pass and cursor. */
  public static final String AUGMENT_PROGRESS_STORE = "seqmia-augment-progress";
  /** ORIGINALs waiting for the first complete flush, keyed by (last event time, sequence id). */
  public static final String AUGMENT_BUFFER_STORE = "seqmia-augment-buffer";
  /** Flush notices of runs not yet flushed on every clicks partition. */
  public static final String AUGMENT_FLUSHES_STORE = "seqmia-augment-flushes";
  /** Per-partition counts since the last SESSIONS_FLUSHED, and the live-mode flag. */
  public static final String AUGMENT_TALLIES_STORE = "seqmia-augment-tallies";

  /** Record cache of all stores of one instance (Kafka's default is 10 MB). */
  static final long STORE_CACHE_BYTES = 64L * 1024 * 1024;
  static final long POLL_MS = 10L;

  private SeqmiaTopology() {}

  /** The topology for a single-partition clicks topic (tests); {@link StreamsApp} passes the real count. */
  public static Topology buildTopology(StreamsAppConfig config) {
    return buildTopology(config, new StreamsCounters());
  }

  /** The topology for a single-partition clicks topic, counting into {@code counters}. */
  public static Topology buildTopology(StreamsAppConfig config, StreamsCounters counters) {
    return buildTopology(config, counters, 1);
  }

  /**
   * The topology, counting into {@code counters}, for a clicks topic of {@code clicksPartitions}
   * partitions: the augmenter waits for a flush notice from each before it releases its buffer.
   */
  public static Topology buildTopology(StreamsAppConfig config, StreamsCounters counters, int clicksPartitions) {
    return buildTopology(config, counters, clicksPartitions, false);
  }

  /**
   * The same topology, optionally with in-memory stores (still changelogged). For tests that push
   * many records through a TopologyTestDriver, which checkpoints (flushes and fsyncs) persistent stores
   * after every record; production always uses RocksDB.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Topology buildTopology(StreamsAppConfig config, StreamsCounters counters, int clicksPartitions,
      boolean inMemoryStores) {
    if (clicksPartitions < 1) {
      throw new IllegalArgumentException("clicks partitions must be at least 1, got " + clicksPartitions);
    }
    Function<String, KeyValueBytesStoreSupplier> store =
        inMemoryStores ? Stores::inMemoryKeyValueStore : Stores::persistentKeyValueStore;
    Topics topics = config.topics();
    StreamsBuilder builder = new StreamsBuilder();
    List<String> sessionStores = new ArrayList<>();
    if (config.sessionMode() == SessionMode.SESSION_ID) {
      sessionStores.add(add(builder, store, SESSIONS_STORE, SessionState.SERDE));
      sessionStores.add(add(builder, store, CLOSED_SESSIONS_STORE, Serdes.Long()));
    } else {
      sessionStores.add(add(builder, store, USER_SESSIONS_STORE, UserSessions.SERDE));
    }
    sessionStores.add(add(builder, store, SESSION_DEADLINES_STORE, Serdes.String()));
    sessionStores.add(add(builder, store, CLOSED_BY_TIME_STORE, Serdes.String()));
    sessionStores.add(add(builder, store, FLUSH_PROGRESS_STORE, Serdes.String()));
    String[] augmentStores = {
        add(builder, store, ITEM_COUNTS_STORE, Serdes.Long()),
        addUncached(builder, store, ITEM_PAIRS_STORE, Serdes.Long()),
        addUncached(builder, store, AUGMENT_BUFFER_STORE, AugmentInput.SERDE),
        add(builder, store, AUGMENT_FLUSHES_STORE, AugmentInput.SERDE),
        add(builder, store, AUGMENT_TALLIES_STORE, Serdes.Long()),
        add(builder, store, AUGMENT_PROGRESS_STORE, Serdes.String())};

    // Values arrive as bytes and are decoded by the sessionizer, which dead-letters what cannot be read.
    KStream<String, Object> sessionized = builder
        .stream(topics.clicks().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
        .process(() -> new SessionProcessor(config, counters), Named.as(SESSIONIZER),
            sessionStores.toArray(String[]::new));
    // The sessionizer's output is routed by value type.
    ((KStream) sessionized.filter((k, v) -> v instanceof ClickSequence, Named.as("route-originals")))
        .to(topics.clickSequences().name(), Produced.with(topics.clickSequences().keySerde(),
            topics.clickSequences().valueSerde()).withName(SEQUENCES_SINK));
    ((KStream) sessionized.filter((k, v) -> v instanceof DeadLetter, Named.as("route-dead-letters")))
        .to(topics.clicksDlq().name(), Produced.with(topics.clicksDlq().keySerde(),
            topics.clicksDlq().valueSerde()).withName(DLQ_SINK));
    KStream<String, Object> augmented = ((KStream<String, AugmentInput>) (KStream) sessionized
        .filter((k, v) -> v instanceof AugmentInput, Named.as("route-augment-input")))
        .repartition(Repartitioned.<String, AugmentInput>as(AUGMENT_INPUT)
            .withKeySerde(Serdes.String()).withValueSerde(AugmentInput.SERDE).withNumberOfPartitions(1))
        .process(() -> new AugmentProcessor(config, counters, clicksPartitions), Named.as(AUGMENTER), augmentStores);
    ((KStream) augmented.filter((k, v) -> v instanceof ClickSequence, Named.as("route-variants")))
        .to(topics.clickSequences().name(), Produced.with(topics.clickSequences().keySerde(),
            topics.clickSequences().valueSerde()).withName(VARIANTS_SINK));
    ((KStream) augmented.filter((k, v) -> v instanceof ControlEvent, Named.as("route-control")))
        .to(topics.control().name(), Produced.with(topics.control().keySerde(),
            topics.control().valueSerde()).withName(CONTROL_SINK));
    return builder.build();
  }

  private static <V> String add(StreamsBuilder builder, Function<String, KeyValueBytesStoreSupplier> store,
      String name, Serde<V> valueSerde) {
    // Cached: a session's clicks, a popular item's counts and a cursor are read and rewritten many times
    // between two commits; the cache serves those reads and sends only the last write to RocksDB and the
    // changelog (JFR: RocksDB get/put were most of the stream thread's time without it).
    return add(builder, store, name, valueSerde, true);
  }

  /**
   * Uncached, for keys that are written once per step and read in ranges: the augmenter's buffer (each session
   * put once, scanned twice, deleted once) and the pair counts (already summed per step in memory). The cache
   * would save them no write, and each range scan over a cached store copies every cached key of the range into
   * a new sorted set (JFR: 7 % of the stream thread on 400,000 sessions).
   */
  private static <V> String addUncached(StreamsBuilder builder, Function<String, KeyValueBytesStoreSupplier> store,
      String name, Serde<V> valueSerde) {
    return add(builder, store, name, valueSerde, false);
  }

  private static <V> String add(StreamsBuilder builder, Function<String, KeyValueBytesStoreSupplier> store,
      String name, Serde<V> valueSerde, boolean cached) {
    StoreBuilder<KeyValueStore<String, V>> storeBuilder =
        Stores.keyValueStoreBuilder(store.apply(name), Serdes.String(), valueSerde);
    builder.addStateStore(cached ? storeBuilder.withCachingEnabled() : storeBuilder.withCachingDisabled());
    return name;
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
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STORE_CACHE_BYTES);
    // The steps of a flush or release run between polls: a poll that waits its default 100 ms for input
    // that is not coming (the replay is over) would idle the thread between every two steps.
    props.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
    // New deployments start from the beginning of clicks so nothing replayed before start is missed.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.putAll(config.kafkaOverrides());
    return props;
  }
}
