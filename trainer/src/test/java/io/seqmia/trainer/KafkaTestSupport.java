package io.seqmia.trainer;

import io.seqmia.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Producing and reading typed records on the test broker. */
final class KafkaTestSupport {

  private KafkaTestSupport() {}

  static <V> void produce(String bootstrap, Topic<String, V> topic, List<V> values,
      java.util.function.Function<V, String> key) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(p, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (V v : values) {
        futures.add(producer.send(new ProducerRecord<>(topic.name(), key.apply(v), v)));
      }
      producer.flush();
      for (java.util.concurrent.Future<?> f : futures) {
        f.get(); // a failed send fails the test here, not later as missing data
      }
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("producing to " + topic.name() + " failed", e);
    }
  }

  /** Reads the topic from the beginning until {@code done} holds for what was read, or the timeout. */
  static <V> List<V> readUntil(String bootstrap, Topic<String, V> topic, Predicate<List<V>> done, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // the trainer writes in transactions
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(p, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic.name())) {
        partitions.add(new TopicPartition(topic.name(), info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(out) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
    }
    return out;
  }
}
