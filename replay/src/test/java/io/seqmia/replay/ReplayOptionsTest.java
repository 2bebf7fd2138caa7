package io.seqmia.replay;

import io.seqmia.broker.TopicReader;
import org.apache.kafka.common.serialization.Serdes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.data.ClickEvent;
import io.seqmia.data.ClickReader;
import io.seqmia.data.SyntheticClicks;
import io.seqmia.schemas.Click;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.FlushMarker;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pacing, ordering, time range, limit and keying of a replay into the real broker. */
@BrokerTest
class ReplayOptionsTest {

  static final int PARTITIONS = 2;

  @TempDir Path dir;

  private static Topics freshTopics(KafkaBroker broker, String name) {
    Topics topics = Topics.withPrefix("replay-" + name + "-" + UUID.randomUUID() + ".");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, PARTITIONS, (short) 1);
    return topics;
  }

  /** 8 lines: 7 good clicks over 2014-03-31 .. 2014-04-03 (three on 2014-04-02) and one bad timestamp. */
  private Path smallFile() throws IOException {
    return Files.writeString(dir.resolve("range.dat"), String.join("\n",
        "1,2014-04-01T10:00:00.000Z,100,0",
        "1,2014-04-01T10:01:00.000Z,101,0",
        "2,2014-04-02T09:00:00.000Z,102,S",
        "2,2014-04-02T09:05:00.000Z,103,0",
        "2,not-a-time,104,0",
        "3,2014-04-02T23:59:59.999Z,105,3",
        "3,2014-04-03T00:00:00.000Z,106,3",
        "4,2014-03-31T23:00:00.000Z,107,0"));
  }

  @Test
  void fromAndToSkipEventsOutsideAndEveryLineIsAccountedFor(KafkaBroker broker) throws IOException {
    Topics topics = freshTopics(broker, "range");
    ReplayConfig config = new ReplayConfig(broker.bootstrapServers(), topics, smallFile())
        .withTimeRange(TimeBound.parseFrom("2014-04-02"), TimeBound.parseTo("2014-04-02"));
    ReplayResult r = new Replayer().replay(config);
    assertEquals(8, r.linesRead());
    assertEquals(3, r.produced(), "the three clicks of 2014-04-02");
    assertEquals(1, r.rejected());
    assertEquals(4, r.skipped());
    assertTrue(r.accountedFor());
    List<Click> clicks = clicks(broker, topics, 3);
    assertEquals(List.of("102", "103", "105"), clicks.stream().map(Click::getItemId).sorted().toList());
    ControlEvent end = topics.control().valueSerde().deserializer()
        .deserialize(topics.control().name(), read(broker, topics.control().name(), 1).get(0).value());
    assertEquals(4.0, end.getMetrics().get(Replayer.METRIC_SKIPPED));
  }

  @Test
  void limitInFileOrderStopsReading(KafkaBroker broker) throws IOException {
    Topics topics = freshTopics(broker, "limit");
    ReplayResult r = new Replayer().replay(new ReplayConfig(broker.bootstrapServers(), topics, smallFile()).withLimit(3L));
    assertEquals(3, r.produced());
    assertEquals(3, r.linesRead(), "nothing read past the limit");
    assertTrue(r.accountedFor());
  }

  /** Time order through the replayer with a tiny sort chunk: produced in time order, rest past the limit skipped. */
  @Test
  void timeOrderSortsExternallyAndTheLimitTakesTheEarliest(KafkaBroker broker) throws IOException {
    Topics topics = freshTopics(broker, "time");
    Path spills = Files.createDirectories(dir.resolve("spills"));
    ReplayConfig config = new ReplayConfig(broker.bootstrapServers(), topics, smallFile())
        .withOrder(ReplayOrder.TIME).withSort(2, spills).withLimit(5L);
    ReplayResult r = new Replayer().replay(config);
    assertEquals(8, r.linesRead());
    assertEquals(5, r.produced());
    assertEquals(1, r.rejected());
    assertEquals(2, r.skipped(), "the two latest clicks, sorted past --limit");
    assertTrue(r.accountedFor());
    List<Click> clicks = clicks(broker, topics, 5);
    assertEquals(List.of("100", "101", "102", "103", "107"), clicks.stream().map(Click::getItemId).sorted().toList());
    try (Stream<Path> left = Files.list(spills)) {
      assertEquals(0, left.count(), "sort spill files deleted");
    }
  }

  /** One partition, time order: the partition holds the records in non-decreasing timestamp order. */
  @Test
  void timeOrderOfAShuffledGeneratedFile(KafkaBroker broker) throws IOException {
    Topics topics = Topics.withPrefix("replay-shuffled-" + UUID.randomUUID() + ".");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 1, (short) 1);
    Path generated = dir.resolve("gen.dat");
    SyntheticClicks.write(generated, 150, 3);
    List<String> lines = new ArrayList<>(Files.readAllLines(generated));
    Collections.shuffle(lines, new Random(1));
    Path shuffled = Files.write(dir.resolve("shuffled.dat"), lines);
    ReplayResult r = new Replayer().replay(new ReplayConfig(broker.bootstrapServers(), topics, shuffled)
        .withOrder(ReplayOrder.TIME).withSort(100, dir));
    assertEquals(lines.size(), r.produced());
    List<ConsumerRecord<String, byte[]>> records = read(broker, topics.clicks().name(), lines.size() + 1);
    long previous = Long.MIN_VALUE;
    for (ConsumerRecord<String, byte[]> rec : records) {
      if (!FlushMarker.KEY.equals(rec.key())) {
        assertTrue(rec.timestamp() >= previous, "offset " + rec.offset() + " goes back in time");
        previous = rec.timestamp();
      }
    }
  }

  @Test
  void keyByUser(KafkaBroker broker) {
    Topics topics = freshTopics(broker, "user");
    List<ClickEvent> events = List.of(
        new ClickEvent("u7-s1", "7", "10", null, 1_000, 1),
        new ClickEvent("u7-s2", "7", "11", null, 2_000, 2),
        new ClickEvent("u8-s1", "8", "12", null, 3_000, 3));
    ReplayConfig config = new ReplayConfig(broker.bootstrapServers(), topics, null).withKeyBy(KeyBy.USER);
    assertTrue(config.keyByUser());
    try (ClickReader reader = ClickReader.of(events.iterator(), "movielens-like")) {
      assertEquals(3, new Replayer().replay(config, reader).produced());
    }
    List<String> keys = read(broker, topics.clicks().name(), 3 + PARTITIONS).stream().map(ConsumerRecord::key)
        .filter(k -> !FlushMarker.KEY.equals(k)).sorted().toList();
    assertEquals(List.of("7", "7", "8"), keys);

    Topics other = freshTopics(broker, "nouser");
    try (ClickReader reader = ClickReader.of(List.of(new ClickEvent("1", null, "10", null, 1, 1)).iterator(), "yoo")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Replayer().replay(
          new ReplayConfig(broker.bootstrapServers(), other, null).withKeyBy(KeyBy.USER), reader));
      assertTrue(e.getMessage().contains("has no user id") && e.getMessage().contains("--key session"), e.getMessage());
    }
  }

  @Test
  void rateLimitsTheReplay(KafkaBroker broker) {
    Topics topics = freshTopics(broker, "rate");
    ReplayConfig config = new ReplayConfig(broker.bootstrapServers(), topics, null)
        .withPacing(Pacing.rate(200)).withLimit(300L);
    ReplayResult r;
    try (ClickReader reader = SyntheticClicks.reader(SyntheticClicks.Settings.of(200, 5))) {
      r = new Replayer().replay(config, reader);
    }
    assertEquals(300, r.produced());
    assertTrue(r.seconds() >= 1.2, "300 records at 200/s took only " + r.seconds() + " s");
  }

  @Test
  void unreachableBrokerFailsWithWhatFailed() {
    ReplayFailure e = assertThrows(ReplayFailure.class,
        () -> TopicCheck.requireReachable("localhost:1", java.util.Map.of("default.api.timeout.ms", "3000",
            "request.timeout.ms", "2000")));
    assertTrue(e.getMessage().startsWith("cannot reach Kafka at localhost:1"), e.getMessage());
  }

  private static List<Click> clicks(KafkaBroker broker, Topics topics, int expected) {
    return read(broker, topics.clicks().name(), expected + PARTITIONS).stream()
        .filter(r -> !FlushMarker.KEY.equals(r.key()))
        .map(r -> topics.clicks().valueSerde().deserializer().deserialize(topics.clicks().name(), r.value()))
        .toList();
  }

  private static List<ConsumerRecord<String, byte[]>> read(KafkaBroker broker, String topic, int expected) {
    List<ConsumerRecord<String, byte[]>> out = TopicReader.readAll(broker.bootstrapServers(),
        new io.seqmia.schemas.Topic<>(topic, Serdes.String(), Serdes.ByteArray()));
    assertEquals(expected, out.size(), "records on " + topic);
    return out;
  }
}
