package io.seqmia.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.schemas.Click;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@BrokerTest
class KafkaBrokerExtensionTest {

  @Test
  void clicksRoundTripThroughTheBrokerWithTheirTimestamps(KafkaBroker broker) throws Exception {
    Topics topics = Topics.withPrefix("ext-test.");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);
    Topic<String, Click> clicks = topics.clicks();
    long t0 = Instant.parse("2014-04-07T10:51:09.277Z").toEpochMilli();

    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        clicks.keySerde().serializer(), clicks.valueSerde().serializer())) {
      for (int i = 0; i < 10; i++) {
        Click click = Click.newBuilder().setSessionId("s" + (i % 3)).setItemId("item" + i)
            .setEventTime(Instant.ofEpochMilli(t0 + i)).build();
        producer.send(new ProducerRecord<>(clicks.name(), null, t0 + i, click.getSessionId(), click)).get();
      }
    }

    List<ConsumerRecord<String, Click>> received = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "ext-test",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        clicks.keySerde().deserializer(), clicks.valueSerde().deserializer())) {
      consumer.subscribe(List.of(clicks.name()));
      long deadline = System.currentTimeMillis() + 30_000;
      while (received.size() < 10 && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
      }
    }
    assertEquals(10, received.size());
    for (ConsumerRecord<String, Click> r : received) {
      assertEquals(r.key(), r.value().getSessionId());
      assertEquals(r.timestamp(), r.value().getEventTime().toEpochMilli());
    }
    assertTrue(broker.kind().equals("embedded") || broker.kind().equals("testcontainers"));
  }
}
