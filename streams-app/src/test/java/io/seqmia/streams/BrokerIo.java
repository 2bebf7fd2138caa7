package io.seqmia.streams;

import io.seqmia.broker.TopicReader;
import io.seqmia.schemas.Click;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.FlushMarker;
import io.seqmia.schemas.Records;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing clicks and reading topics back (read_committed) on the test broker. */
final class BrokerIo {

  private BrokerIo() {}

  /** A click as test data: session, item, event time. */
  record TestClick(String session, String item, long eventTime) {}

  static void produce(KafkaBroker broker, Topics topics, List<TestClick> clicks) {
    try (KafkaProducer<String, byte[]> producer = producer(broker)) {
      for (TestClick c : clicks) {
        Click click = Click.newBuilder().setSessionId(c.session()).setItemId(c.item())
            .setEventTime(Instant.ofEpochMilli(c.eventTime())).build();
        producer.send(new ProducerRecord<>(topics.clicks().name(), null, c.eventTime(), c.session(),
            Records.CLICK.encode(click)));
      }
      producer.flush();
    }
  }

  static void flushMarkers(KafkaBroker broker, Topics topics, String runId, int partitions) {
    try (KafkaProducer<String, byte[]> producer = producer(broker)) {
      for (int p = 0; p < partitions; p++) {
        producer.send(new ProducerRecord<>(topics.clicks().name(), p, null, FlushMarker.KEY, null,
            FlushMarker.headers(runId)));
      }
      producer.flush();
    }
  }

  static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  /** Every committed record of a topic, from the beginning to its current (last stable) end. */
  static <V> List<V> readAll(KafkaBroker broker, Topic<String, V> topic) {
    return TopicReader.readAll(broker.bootstrapServers(), topic).stream().map(r -> r.value()).toList();
  }

  /** Waits until SESSIONS_FLUSHED of {@code runId} was committed for {@code partitions} partitions; returns those seen. */
  static java.util.Set<Integer> awaitFlushed(KafkaBroker broker, Topics topics, String runId, int partitions,
      Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    java.util.Set<Integer> flushed = new java.util.TreeSet<>();
    while (flushed.size() < partitions && System.nanoTime() < deadline) {
      for (io.seqmia.schemas.ControlEvent e : readAll(broker, topics.control())) {
        if (e.getType() == io.seqmia.schemas.ControlType.SESSIONS_FLUSHED && e.getRunId().equals(runId)) {
          flushed.add(e.getPartition());
        }
      }
      if (flushed.size() < partitions) {
        Thread.sleep(300);
      }
    }
    return flushed;
  }

  /** Waits until the sequences topic holds {@code originals} committed ORIGINALs; returns everything read. */
  static List<ClickSequence> awaitOriginals(KafkaBroker broker, Topics topics, long originals, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    List<ClickSequence> all;
    do {
      all = readAll(broker, topics.clickSequences());
      long n = all.stream().filter(s -> s.getVariant() == io.seqmia.schemas.SequenceVariant.ORIGINAL).count();
      if (n >= originals) {
        return all;
      }
      Thread.sleep(300);
    } while (System.nanoTime() < deadline);
    return all;
  }
}
