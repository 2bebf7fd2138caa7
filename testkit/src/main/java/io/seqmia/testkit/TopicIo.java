package io.seqmia.testkit;

import io.seqmia.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Typed records in and out of a test broker's topics: the one copy every module's tests use. */
public final class TopicIo {

  private TopicIo() {}

  /** Sends every value (keyed by {@code key}) and waits for each acknowledgement: a failed send fails here. */
  public static <V> void produce(String bootstrap, Topic<String, V> topic, List<V> values, Function<V, String> key) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(p, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      List<Future<?>> sent = new ArrayList<>();
      for (V v : values) {
        sent.add(producer.send(new ProducerRecord<>(topic.name(), key.apply(v), v)));
      }
      producer.flush();
      for (Future<?> f : sent) {
        f.get();
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("producing to " + topic.name() + " failed", e);
    }
  }

  /**
   * The topic's committed values from the beginning (read_committed: the stages write in transactions), read
   * until {@code done} holds once the reader has caught up with the end offsets, or until the timeout; then what
   * was read (the caller asserts on it).
   */
  public static <V> List<V> readUntil(String bootstrap, Topic<String, V> topic, Predicate<List<V>> done,
      Duration timeout) {
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        if (partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp)) && done.test(out)) {
          return out;
        }
      }
    }
    return out;
  }
}
