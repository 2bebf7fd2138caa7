package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The attacker's phases on Kafka's own mock clients, no broker: it waits for every announced vector, attacks,
 * publishes one verdict per target vector and the report before ATTACK_COMPLETE, all in committed transactions.
 * {@link AttackerServiceTest} runs the same on a real broker.
 */
class AttackerPhaseTest {

  private static final Topics TOPICS = Topics.withPrefix("phase.");
  private static final String VERSION = "target-phase-v1";

  @Test
  void waitsForEveryAnnouncedVectorThenVerdictsThenReportThenComplete() throws Exception {
    List<ScoreVector> vectors = SyntheticVectors.generate(40, 40, 10, 1.5, 5, VERSION);
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    String vectorTopic = TOPICS.scoreVectors().name();
    String controlTopic = TOPICS.control().name();
    TopicPartition vectorPartition = new TopicPartition(vectorTopic, 0);
    TopicPartition controlPartition = new TopicPartition(controlTopic, 0);
    consumer.updatePartitions(vectorTopic, List.of(new PartitionInfo(vectorTopic, 0, null, null, null)));
    consumer.updatePartitions(controlTopic, List.of(new PartitionInfo(controlTopic, 0, null, null, null)));
    consumer.updateBeginningOffsets(Map.of(vectorPartition, 0L, controlPartition, 0L));
    // three unreadable records go in with the rest: garbage, an unknown schema, a record of the wrong type
    consumer.updateEndOffsets(Map.of(vectorPartition, (long) vectors.size() + 2, controlPartition, 3L));
    AtomicLong vectorOffset = new AtomicLong();
    // the announcement first, then all but the last vector: the attacker must not attack yet
    consumer.schedulePollTask(() -> {
      consumer.addRecord(record(TOPICS.control(), 0, "run", control(ControlType.MODEL_TRAINED, null)));
      consumer.addRecord(record(TOPICS.control(), 1, "run", control(ControlType.SCORING_COMPLETE,
          (long) vectors.size())));
      consumer.addRecord(new ConsumerRecord<>(controlTopic, 0, 2, "junk", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}));
      for (ScoreVector v : vectors.subList(0, vectors.size() - 1)) {
        consumer.addRecord(record(TOPICS.scoreVectors(), vectorOffset.getAndIncrement(), v.getSequenceId(), v));
      }
      consumer.addRecord(new ConsumerRecord<>(vectorTopic, 0, vectorOffset.getAndIncrement(), "garbage",
          "not avro at all".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      io.seqmia.schemas.ClickSequence wrongType = io.seqmia.schemas.ClickSequence.newBuilder().setSequenceId("s")
          .setSessionId("s").setItemIds(List.of("a", "b")).setTimestamps(List.of(1L, 2L))
          .setVariant(io.seqmia.schemas.SequenceVariant.ORIGINAL).setSplit(io.seqmia.schemas.MembershipSplit.TARGET_MEMBER)
          .setAttackerKnows(false).build();
      consumer.addRecord(new ConsumerRecord<>(vectorTopic, 0, vectorOffset.getAndIncrement(), "wrong-type",
          TOPICS.clickSequences().valueSerde().serializer().serialize(vectorTopic, wrongType)));
    });
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
        new ByteArraySerializer());
    AttackerConfig config = AttackerConfig.of("unused:9092", TOPICS).withGroupId("phase-attacker");
    AttackerService service = new AttackerService(config, consumer, producer);
    Thread thread = new Thread(service, "attacker-phase");
    thread.start();
    try {
      Thread.sleep(1_000);
      assertTrue(values(producer, TOPICS.membershipVerdicts()).isEmpty(), "no verdict before every vector is held");
      ScoreVector last = vectors.get(vectors.size() - 1);
      consumer.schedulePollTask(() -> consumer.addRecord(record(TOPICS.scoreVectors(), vectorOffset.get(),
          last.getSequenceId(), last)));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (completes(producer).isEmpty() && System.nanoTime() < deadline && thread.isAlive()) {
        Thread.sleep(50);
      }
    } finally {
      service.close();
      thread.join(60_000);
    }
    assertFalse(thread.isAlive(), "close() stops the loop");

    List<ControlEvent> completes = completes(producer);
    assertEquals(1, completes.size(), "one ATTACK_COMPLETE");
    assertEquals("ok", completes.get(0).getAttributes().get("status"));
    List<MembershipVerdict> verdicts = values(producer, TOPICS.membershipVerdicts());
    assertEquals(vectors.size(), verdicts.size(), "one verdict per target vector");
    assertEquals(vectors.size(), verdicts.stream().map(MembershipVerdict::getSequenceId).distinct().count());
    List<AttackReport> reports = values(producer, TOPICS.attackReports());
    assertEquals(1, reports.size());
    assertEquals(vectors.size(), reports.get(0).getVerdictsPublished());
    List<io.seqmia.schemas.DeadLetter> dead = values(producer, TOPICS.deadLetters());
    assertEquals(3, dead.size(), "every unreadable record is a dead letter: " + dead);
    assertEquals(List.of(2L, (long) vectors.size() - 1, (long) vectors.size()),
        dead.stream().map(io.seqmia.schemas.DeadLetter::getOffset).sorted().toList());
    assertTrue(dead.stream().allMatch(d -> d.getSource().equals("attacker") && d.getReason().length() > 10
        && d.getTopic() != null && d.getPartition() == 0 && d.getRawText() != null), dead.toString());
    assertTrue(dead.stream().anyMatch(d -> d.getRawText().equals("not avro at all")), "the bad record, printable");

    // order on the wire: every verdict and the report are committed before ATTACK_COMPLETE
    List<String> topicsInOrder = producer.history().stream().map(ProducerRecord::topic).toList();
    int completeAt = topicsInOrder.lastIndexOf(controlTopic);
    assertTrue(topicsInOrder.lastIndexOf(TOPICS.membershipVerdicts().name()) < completeAt);
    assertTrue(topicsInOrder.lastIndexOf(TOPICS.attackReports().name()) < completeAt);
    assertTrue(producer.transactionCommitted() || producer.commitCount() > 0, "transactional output");
    assertTrue(producer.consumerGroupOffsetsHistory().stream().flatMap(m -> m.values().stream())
        .anyMatch(o -> o.containsKey(new TopicPartition(vectorTopic, 0))
            && o.get(new TopicPartition(vectorTopic, 0)).offset() == vectors.size() + 2),
        "the vectors' offsets are committed in the transactions, up to the last vector");
  }

  private static <V> ConsumerRecord<String, byte[]> record(Topic<String, V> topic, long offset, String key, V value) {
    return new ConsumerRecord<>(topic.name(), 0, offset, key,
        topic.valueSerde().serializer().serialize(topic.name(), value));
  }

  private static ControlEvent control(ControlType type, Long count) {
    return ControlEvent.newBuilder().setType(type).setRunId("run-phase").setSource("trainer")
        .setTimestamp(Instant.now()).setCount(count).setMetrics(Map.of("trainLoss", 2.0, "heldOutLoss", 3.0))
        .setAttributes(Map.of("modelVersion", VERSION)).build();
  }

  private static <V> List<V> values(MockProducer<String, byte[]> producer, Topic<String, V> topic) {
    List<V> out = new ArrayList<>();
    for (ProducerRecord<String, byte[]> r : producer.history()) {
      if (r.topic().equals(topic.name())) {
        out.add(topic.valueSerde().deserializer().deserialize(topic.name(), r.value()));
      }
    }
    return out;
  }

  private static List<ControlEvent> completes(MockProducer<String, byte[]> producer) {
    return values(producer, TOPICS.control()).stream().filter(e -> e.getType() == ControlType.ATTACK_COMPLETE)
        .toList();
  }
}
