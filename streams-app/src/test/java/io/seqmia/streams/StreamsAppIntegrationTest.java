package io.seqmia.streams;

import io.seqmia.broker.TopicReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.schemas.Click;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.DeadLetter;
import io.seqmia.schemas.FlushMarker;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.Records;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole stage on a real broker, exactly-once, two partitions, read back read_committed. */
@BrokerTest
class StreamsAppIntegrationTest {

  private static final int SESSIONS = 200;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path stateDir;

  @Test
  void everySessionBecomesExactlyOneOriginalAndBothPartitionsAreFlushed(KafkaBroker broker) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Topics topics = Topics.withPrefix("it-streams-" + run + ".");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);

    // Sessions in id order with event times jumping back and forth, like the YooChoose file.
    Random random = new Random(11);
    long t0 = System.currentTimeMillis() - Duration.ofHours(3).toMillis();
    Set<String> expected = new HashSet<>();
    String runId = "run-" + run;
    try (KafkaProducer<String, byte[]> producer = producer(broker)) {
      for (int s = 0; s < SESSIONS; s++) {
        String session = String.format("it-%04d", s);
        long start = t0 + random.nextInt(120) * 60_000L;
        int length = 1 + random.nextInt(6);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < length; i++) {
          String item = "item-" + random.nextInt(25);
          items.add(item);
          Click click = Click.newBuilder().setSessionId(session).setItemId(item)
              .setEventTime(Instant.ofEpochMilli(start + i * 30_000L)).build();
          producer.send(new ProducerRecord<>(topics.clicks().name(), null, start + i * 30_000L, session,
              Records.CLICK.encode(click)));
        }
        if (distinctConsecutive(items) >= 2) {
          expected.add(session);
        }
      }
      producer.send(new ProducerRecord<>(topics.clicks().name(), null, t0, "garbage",
          "{not avro}".getBytes(StandardCharsets.UTF_8)));
      for (int p = 0; p < 2; p++) {
        producer.send(new ProducerRecord<>(topics.clicks().name(), p, null, FlushMarker.KEY, null,
            FlushMarker.headers(runId)));
      }
      producer.flush();
    }

    StreamsAppConfig config = StreamsAppConfig.builder(broker.bootstrapServers(), topics)
        .applicationId("it-streams-" + run).stateDir(stateDir).build();
    Map<Integer, ControlEvent> flushed = new TreeMap<>();
    try (StreamsApp app = StreamsApp.start(config)) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (flushed.size() < 2 && System.nanoTime() < deadline) {
        for (ControlEvent e : readAll(broker, topics.control(), run)) {
          if (e.getType() == ControlType.SESSIONS_FLUSHED && e.getRunId().equals(runId)) {
            flushed.put(e.getPartition(), e);
          }
        }
        Thread.sleep(200);
      }
      assertEquals(Set.of(0, 1), flushed.keySet(), "SESSIONS_FLUSHED for both partitions within " + WAIT);

      // The flush events commit with the sequences they count, so everything is visible now.
      List<ClickSequence> sequences = readAll(broker, topics.clickSequences(), run);
      Map<String, Integer> originals = new HashMap<>();
      Set<String> ids = new HashSet<>();
      for (ClickSequence s : sequences) {
        assertTrue(ids.add(s.getSequenceId()), "duplicate sequence " + s.getSequenceId());
        if (s.getVariant() == SequenceVariant.ORIGINAL) {
          originals.merge(s.getSequenceId(), 1, Integer::sum);
        } else {
          assertTrue(expected.contains(s.getParentSequenceId()), "variant of unknown parent " + s);
          MembershipSplit side = s.getSplit();
          assertTrue(side == MembershipSplit.TARGET_NONMEMBER || side == MembershipSplit.SHADOW_NONMEMBER);
        }
      }
      assertEquals(expected, originals.keySet());
      assertEquals(expected.size(), app.counters().sessionsEmitted.get());
      long total = flushed.values().stream().mapToLong(ControlEvent::getCount).sum();
      assertTrue(total <= sequences.size(), "flush counts " + total + " > " + sequences.size() + " sequences");
      assertTrue(app.counters().augmentedEmitted.get() > 0, "some variants expected: " + app.counters());

      List<DeadLetter> letters = readAll(broker, topics.clicksDlq(), run);
      assertEquals(1, letters.size());
      assertTrue(letters.get(0).getReason().startsWith("malformed Click"));
    }
  }

  private static int distinctConsecutive(List<String> items) {
    int n = 0;
    String last = null;
    for (String item : items) {
      if (!item.equals(last)) {
        n++;
      }
      last = item;
    }
    return n;
  }

  private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  /** Every committed record of a topic, from the beginning to its current (last stable) end. */
  private static <V> List<V> readAll(KafkaBroker broker, Topic<String, V> topic, String run) {
    return TopicReader.readAll(broker.bootstrapServers(), topic).stream().map(r -> r.value()).toList();
  }
}
