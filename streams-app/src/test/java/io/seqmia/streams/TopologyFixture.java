package io.seqmia.streams;

import io.seqmia.schemas.Click;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.DeadLetter;
import io.seqmia.schemas.FlushMarker;
import io.seqmia.schemas.Records;
import io.seqmia.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver on the real topology with the real serdes; clicks go in as encoded bytes. */
final class TopologyFixture implements AutoCloseable {

  static final Topics TOPICS = Topics.withPrefix("unit.");

  final StreamsAppConfig config;
  final StreamsCounters counters = new StreamsCounters();
  final TopologyTestDriver driver;
  final TestInputTopic<String, byte[]> clicks;
  final TestOutputTopic<String, ClickSequence> sequences;
  final TestOutputTopic<String, ControlEvent> control;
  final TestOutputTopic<String, DeadLetter> dlq;

  TopologyFixture(Path stateDir) {
    this(stateDir, b -> b);
  }

  TopologyFixture(Path stateDir, UnaryOperator<StreamsAppConfig.Builder> overrides) {
    this(stateDir, overrides, false);
  }

  /** With {@code inMemoryStores}: for many records (the driver checkpoints RocksDB after each one). */
  TopologyFixture(Path stateDir, UnaryOperator<StreamsAppConfig.Builder> overrides, boolean inMemoryStores) {
    this(stateDir, overrides, inMemoryStores, 1);
  }

  /**
   * With a topology built for {@code clicksPartitions}: the driver feeds only partition 0, so a larger
   * count shows the augmenter waiting for the other partitions' flushes.
   */
  TopologyFixture(Path stateDir, UnaryOperator<StreamsAppConfig.Builder> overrides, boolean inMemoryStores,
      int clicksPartitions) {
    config = overrides.apply(StreamsAppConfig.builder("unused:9092", TOPICS).stateDir(stateDir)).build();
    driver = new TopologyTestDriver(SeqmiaTopology.buildTopology(config, counters, clicksPartitions, inMemoryStores),
        SeqmiaTopology.streamsConfig(config));
    clicks = driver.createInputTopic(TOPICS.clicks().name(), Serdes.String().serializer(),
        Serdes.ByteArray().serializer());
    sequences = driver.createOutputTopic(TOPICS.clickSequences().name(), Serdes.String().deserializer(),
        Records.CLICK_SEQUENCE.deserializer());
    control = driver.createOutputTopic(TOPICS.control().name(), Serdes.String().deserializer(),
        Records.CONTROL_EVENT.deserializer());
    dlq = driver.createOutputTopic(TOPICS.clicksDlq().name(), Serdes.String().deserializer(),
        Records.DEAD_LETTER.deserializer());
  }

  /** A click whose record timestamp is its event time, as replay writes it. */
  void click(String session, String item, long eventTimeMs) {
    Click click = Click.newBuilder().setSessionId(session).setItemId(item).setUserId("u-" + session)
        .setEventTime(Instant.ofEpochMilli(eventTimeMs)).build();
    clicks.pipeInput(new TestRecord<>(session, Records.CLICK.encode(click), new RecordHeaders(),
        Instant.ofEpochMilli(eventTimeMs)));
  }

  /** A click keyed by its user, as replay --key user writes it (for session.mode=user-gap). */
  void userClick(String user, String item, long eventTimeMs) {
    Click click = Click.newBuilder().setSessionId("ignored-" + user).setItemId(item).setUserId(user)
        .setEventTime(Instant.ofEpochMilli(eventTimeMs)).build();
    clicks.pipeInput(new TestRecord<>(user, Records.CLICK.encode(click), new RecordHeaders(),
        Instant.ofEpochMilli(eventTimeMs)));
  }

  void raw(String key, byte[] value, long timestampMs) {
    clicks.pipeInput(new TestRecord<>(key, value, new RecordHeaders(), Instant.ofEpochMilli(timestampMs)));
  }

  /** A flush marker, then wall-clock steps until the flush (and any release it starts) has run to its end. */
  void flush(String runId, long timestampMs) {
    flushMarker(runId, timestampMs);
    settle();
  }

  /** Only the flush marker: its first step runs, the rest waits for wall-clock punctuation. */
  void flushMarker(String runId, long timestampMs) {
    clicks.pipeInput(new TestRecord<>(FlushMarker.KEY, null, FlushMarker.headers(runId),
        Instant.ofEpochMilli(timestampMs)));
  }

  /** Advances the wall clock one step at a time while a flush or an augmenter release is in progress. */
  void settle() {
    for (int i = 0; i < MAX_SETTLE_STEPS && busy(); i++) {
      driver.advanceWallClockTime(SessionProcessor.STEP_INTERVAL);
    }
    if (busy()) {
      throw new IllegalStateException("flush or release still in progress after " + MAX_SETTLE_STEPS + " steps");
    }
  }

  private boolean busy() {
    return driver.<String, String>getKeyValueStore(SeqmiaTopology.FLUSH_PROGRESS_STORE).get(FlushProgress.ACTIVE) != null
        || driver.<String, String>getKeyValueStore(SeqmiaTopology.AUGMENT_PROGRESS_STORE)
            .get(AugmentProcessor.PASS_KEY) != null;
  }

  static final int MAX_SETTLE_STEPS = 100_000;

  List<ClickSequence> readSequences() {
    return sequences.readValuesToList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
