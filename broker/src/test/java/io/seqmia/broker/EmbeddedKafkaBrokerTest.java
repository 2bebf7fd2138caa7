package io.seqmia.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.Topics;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code seqmia broker} promises: a fixed port, and topics and records kept across a restart. */
@Tag("integration") // a broker, a real data sample, or minutes of model training: left out of the fast run
class EmbeddedKafkaBrokerTest {

  @Test
  void listensOnTheRequestedPortAndKeepsItsDataAcrossARestart(@TempDir Path dataDir) throws Exception {
    int port = freePort();
    Topics topics = Topics.withPrefix("restart.");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, EmbeddedKafkaBroker.listenOn(port))) {
      assertEquals("localhost:" + port, broker.bootstrapServers());
      TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);
      try (var producer = new KafkaProducer<>(Map.<String, Object>of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
          new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(topics.control().name(), "k", "kept")).get();
      }
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, EmbeddedKafkaBroker.listenOn(port))) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        Set<String> names = admin.listTopics().names().get();
        topics.all().forEach(t -> assertTrue(names.contains(t.name()), t.name() + " lost in the restart"));
      }
      assertEquals(List.of("kept"), readAll(broker.bootstrapServers(), topics.control().name()));
    }
  }

  @Test
  void aTemporaryBrokerHasAllSeqmiaTopicsAfterEnsureTopics() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      Topics topics = Topics.defaults();
      TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 3, (short) 1);
      TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 3, (short) 1); // idempotent
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        var described = admin.describeTopics(topics.all().stream().map(t -> t.name()).toList()).allTopicNames().get();
        assertEquals(1, described.get(topics.control().name()).partitions().size(), "control keeps order: 1 partition");
        assertEquals(3, described.get(topics.clicks().name()).partitions().size());
        // Replayed clicks carry 2014 event times as timestamps: time-based retention would delete them.
        var clicks = new org.apache.kafka.common.config.ConfigResource(
            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topics.clicks().name());
        assertEquals("-1", admin.describeConfigs(List.of(clicks)).all().get().get(clicks).get("retention.ms").value());
      }
    }
  }

  private static List<String> readAll(String bootstrap, String topic) {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      List<String> values = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
