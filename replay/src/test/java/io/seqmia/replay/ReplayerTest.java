package io.seqmia.replay;

import io.seqmia.broker.TopicReader;
import org.apache.kafka.common.serialization.Serdes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.data.ClickEvent;
import io.seqmia.data.ClickReader;
import io.seqmia.data.SyntheticClicks;
import io.seqmia.schemas.Click;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.DeadLetter;
import io.seqmia.schemas.FlushMarker;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@BrokerTest
class ReplayerTest {

  static final int PARTITIONS = 2;

  @TempDir Path dir;

  @Test
  void replaysGoodLinesDeadLettersBadOnesAndSignalsTheEnd(KafkaBroker broker) throws IOException {
    Topics topics = Topics.withPrefix("replay-file-" + UUID.randomUUID() + ".");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, PARTITIONS, (short) 1);
    Path file = Files.writeString(dir.resolve("clicks.dat"), String.join("\n",
        "1,2014-04-07T10:51:09.277Z,214536502,0",   // 1
        "1,2014-04-07T10:54:46.998Z,214536506,S",   // 2
        "2,2014-04-07T13:56:37.614Z,214662742",     // 3 bad: 3 fields
        "",                                         // 4 empty
        "2,2014-04-07T13:57:19.373Z,214662742,5",   // 5
        "3,not-a-time,214825110,0",                 // 6 bad timestamp
        "3,2014-04-06T08:00:00.000Z,214825110,0",   // 7
        "4,2014-04-07T09:00:00.000Z,214825111,1234567890")); // 8
    String runId = "run-test-" + UUID.randomUUID();

    ReplayResult result = new Replayer().replay(new ReplayConfig(broker.bootstrapServers(), topics, file).withRunId(runId));

    assertEquals(7, result.linesRead());
    assertEquals(5, result.produced());
    assertEquals(2, result.rejected());
    assertEquals(result.linesRead(), result.produced() + result.rejected());
    assertEquals(runId, result.runId());

    // clicks: every good line keyed by session id, timestamp = event time, plus one marker per partition
    List<ConsumerRecord<String, byte[]>> clickRecords = readAll(broker, topics.clicks().name(), 5 + PARTITIONS);
    List<ConsumerRecord<String, byte[]>> markers = new ArrayList<>();
    List<Click> clicks = new ArrayList<>();
    long maxEventTime = Instant.parse("2014-04-07T13:57:19.373Z").toEpochMilli();
    for (ConsumerRecord<String, byte[]> r : clickRecords) {
      if (FlushMarker.KEY.equals(r.key())) {
        markers.add(r);
        continue;
      }
      Click click = decode(topics.clicks(), r);
      assertEquals(click.getSessionId(), r.key(), "keyed by session id");
      assertEquals(click.getEventTime().toEpochMilli(), r.timestamp(), "record timestamp = event time");
      clicks.add(click);
    }
    assertEquals(Set.of("1|214536502", "1|214536506", "2|214662742", "3|214825110", "4|214825111"),
        clicks.stream().map(c -> c.getSessionId() + "|" + c.getItemId()).collect(java.util.stream.Collectors.toSet()));
    Click brand = clicks.stream().filter(c -> c.getSessionId().equals("4")).findFirst().orElseThrow();
    assertEquals("1234567890", brand.getCategory());
    assertNull(clicks.stream().filter(c -> c.getSessionId().equals("3")).findFirst().orElseThrow().getCategory());

    assertEquals(PARTITIONS, markers.size());
    Set<Integer> markerPartitions = new HashSet<>();
    for (ConsumerRecord<String, byte[]> m : markers) {
      markerPartitions.add(m.partition());
      assertNull(m.value(), "a flush marker has no value");
      assertTrue(FlushMarker.isFlushMarker(m.headers()));
      assertEquals(runId, FlushMarker.runId(m.headers()));
      assertEquals(maxEventTime, m.timestamp(), "marker carries the last event time");
      // the marker is the last record of its partition
      long lastOffset = clickRecords.stream().filter(r -> r.partition() == m.partition())
          .mapToLong(ConsumerRecord::offset).max().orElseThrow();
      assertEquals(lastOffset, m.offset());
    }
    assertEquals(Set.of(0, 1), markerPartitions);

    // clicks-dlq: each bad line with its line number and reason
    List<DeadLetter> letters = readAll(broker, topics.clicksDlq().name(), 2).stream()
        .map(r -> decode(topics.clicksDlq(), r)).sorted((a, b) -> Long.compare(a.getLineNumber(), b.getLineNumber()))
        .toList();
    assertEquals(3L, letters.get(0).getLineNumber());
    assertEquals("expected 4 comma-separated fields, got 3", letters.get(0).getReason());
    assertEquals("2,2014-04-07T13:56:37.614Z,214662742", letters.get(0).getRawText());
    assertEquals(6L, letters.get(1).getLineNumber());
    assertEquals("bad timestamp 'not-a-time'", letters.get(1).getReason());
    for (DeadLetter l : letters) {
      assertEquals("replay", l.getSource());
      assertEquals(file.toString(), l.getFile());
      assertNotNull(l.getRejectedAt());
    }

    // control: END_OF_REPLAY keyed by run id
    List<ConsumerRecord<String, byte[]>> controls = readAll(broker, topics.control().name(), 1);
    assertEquals(runId, controls.get(0).key());
    ControlEvent end = decode(topics.control(), controls.get(0));
    assertEquals(ControlType.END_OF_REPLAY, end.getType());
    assertEquals(runId, end.getRunId());
    assertEquals("replay", end.getSource());
    assertEquals(5L, end.getCount());
    assertEquals(file.toString(), end.getAttributes().get(Replayer.ATTR_FILE));
    assertEquals(Integer.toString(PARTITIONS), end.getAttributes().get(Replayer.ATTR_CLICKS_PARTITIONS));
    assertEquals(2.0, end.getMetrics().get(Replayer.METRIC_REJECTED));
  }

  @Test
  void replaysGeneratedClicksUpToTheLimit(KafkaBroker broker) {
    Topics topics = Topics.withPrefix("replay-gen-" + UUID.randomUUID() + ".");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, PARTITIONS, (short) 1);
    SyntheticClicks.Settings settings = SyntheticClicks.Settings.of(300, 7);
    ReplayConfig config = new ReplayConfig(broker.bootstrapServers(), topics, null).withLimit(500L);

    ReplayResult result;
    try (ClickReader reader = SyntheticClicks.reader(settings)) {
      result = new Replayer().replay(config, reader);
    }
    assertEquals(500, result.produced());
    assertEquals(500, result.linesRead());
    assertEquals(0, result.rejected());
    assertTrue(result.runId().startsWith(ReplayConfig.RUN_ID_PREFIX));

    List<ConsumerRecord<String, byte[]>> records = readAll(broker, topics.clicks().name(), 500 + PARTITIONS);
    Iterator<ClickEvent> expected = SyntheticClicks.generate(settings);
    Map<String, Click> bySessionAndTime = new java.util.HashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      if (!FlushMarker.KEY.equals(r.key())) {
        Click c = decode(topics.clicks(), r);
        bySessionAndTime.put(c.getSessionId() + "@" + r.timestamp() + "#" + c.getItemId(), c);
      }
    }
    for (int i = 0; i < 500; i++) {
      ClickEvent e = expected.next();
      assertTrue(bySessionAndTime.containsKey(e.sessionId() + "@" + e.eventTimeMillis() + "#" + e.itemId()),
          "generated click " + i + " arrived");
    }
    ControlEvent end = decode(topics.control(), readAll(broker, topics.control().name(), 1).get(0));
    assertEquals(500L, end.getCount());
    assertTrue(end.getAttributes().get(Replayer.ATTR_FILE).startsWith("synthetic("));
  }

  @Test
  void missingTopicsStopWithWhatToDo(KafkaBroker broker) throws IOException {
    Topics topics = Topics.withPrefix("replay-missing-" + UUID.randomUUID() + ".");
    Path file = Files.writeString(dir.resolve("one.dat"), "1,2014-04-07T10:51:09.277Z,214536502,0\n");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Replayer().replay(new ReplayConfig(broker.bootstrapServers(), topics, file)));
    assertTrue(e.getMessage().contains("do not exist") && e.getMessage().contains(topics.clicks().name()),
        e.getMessage());
  }

  @Test
  void badConfigSaysWhatToFix() {
    assertThrows(IllegalArgumentException.class, () -> new ReplayConfig(" ", Topics.defaults(), null));
    assertThrows(IllegalArgumentException.class,
        () -> new ReplayConfig("localhost:9092", Topics.defaults(), null).withLimit(-1L));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Replayer().replay(new ReplayConfig("localhost:9092", Topics.defaults(), null)));
    assertTrue(e.getMessage().contains("file"), e.getMessage());
  }

  private static <V> V decode(Topic<String, V> topic, ConsumerRecord<String, byte[]> r) {
    return topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
  }

  /** Reads a topic from the beginning until {@code expected} records arrived (then checks nothing more comes). */
  private static List<ConsumerRecord<String, byte[]>> readAll(KafkaBroker broker, String topic, int expected) {
    List<ConsumerRecord<String, byte[]>> out = TopicReader.readAll(broker.bootstrapServers(),
        new io.seqmia.schemas.Topic<>(topic, Serdes.String(), Serdes.ByteArray()));
    assertEquals(expected, out.size(), "records on " + topic);
    return out;
  }
}
