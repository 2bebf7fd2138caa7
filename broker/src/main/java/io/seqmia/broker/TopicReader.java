package io.seqmia.broker;

import io.seqmia.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic from the beginning with a throw-away consumer (no group, read_committed): how
 * the demo and the tests count what was really published, independently of the producers.
 */
public final class TopicReader {

  /** Reading a topic to its end offsets gives up after this long. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private TopicReader() {}

  /** Every committed record of the topic, up to its end offsets at the time of the call. */
  public static <V> List<ConsumerRecord<String, V>> readAll(String bootstrap, Topic<String, V> topic) {
    return readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic);
  }

  /** {@link #readAll(String, Topic)} with Kafka client settings (bootstrap.servers included; security, ...). */
  public static <V> List<ConsumerRecord<String, V>> readAll(Map<String, String> client, Topic<String, V> topic) {
    try (KafkaConsumer<String, V> consumer = consumer(client, topic)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, V>> records = new ArrayList<>();
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic.name() + " to its end " + end + " within "
              + READ_TIMEOUT);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /** Waits until a record matching {@code wanted} appears (reading from the beginning), or the timeout. */
  public static <V> V await(String bootstrap, Topic<String, V> topic, Predicate<V> wanted, Duration timeout) {
    return await(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic, wanted, timeout);
  }

  /** {@link #await(String, Topic, Predicate, Duration)} with Kafka client settings. */
  public static <V> V await(Map<String, String> client, Topic<String, V> topic, Predicate<V> wanted,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, V> consumer = consumer(client, topic)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() != null && wanted.test(r.value())) {
            return r.value();
          }
        }
      }
    }
    return null;
  }

  private static <V> KafkaConsumer<String, V> consumer(Map<String, String> client, Topic<String, V> topic) {
    Map<String, Object> props = new java.util.HashMap<>(Map.of(
        ConsumerConfig.CLIENT_ID_CONFIG, "seqmia-reader-" + UUID.randomUUID(),
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"));
    props.putAll(client);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }
}
