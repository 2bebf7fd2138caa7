package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.DeadLetter;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * The trainer's reading of its inputs on Kafka's own mock clients, no broker: records it cannot read (garbage, an
 * unknown schema, a record of the wrong type) on click-sequences and control become dead letters with their
 * coordinates, committed with the offsets that pass over them, and the stage keeps collecting.
 */
class TrainerPhaseTest {

  private static final Topics TOPICS = Topics.withPrefix("phase.");

  @Test
  void unreadableInputBecomesDeadLettersAndCollectingGoesOn() throws Exception {
    String sequences = TOPICS.clickSequences().name();
    String control = TOPICS.control().name();
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    consumer.updatePartitions(sequences, List.of(new PartitionInfo(sequences, 0, null, null, null)));
    consumer.updatePartitions(control, List.of(new PartitionInfo(control, 0, null, null, null)));
    TopicPartition seq0 = new TopicPartition(sequences, 0);
    TopicPartition control0 = new TopicPartition(control, 0);
    consumer.updateBeginningOffsets(Map.of(seq0, 0L, control0, 0L));
    consumer.updateEndOffsets(Map.of(seq0, 3L, control0, 1L));
    ClickSequence good = TestSequences.sequence("s-1", List.of("a", "b", "c"), MembershipSplit.TARGET_MEMBER,
        SequenceVariant.ORIGINAL, null, false);
    ScoreVector wrongType = ModelRoles.withRole(ScoreVector.newBuilder(), ModelRole.TARGET).setSequenceId("v").setModelVersion("m")
        .setFeatureLayout("x").setFeatures(List.of(1f)).setScoredAt(java.time.Instant.now()).build();
    consumer.schedulePollTask(() -> {
      consumer.addRecord(new ConsumerRecord<>(sequences, 0, 0, "s-1",
          TOPICS.clickSequences().valueSerde().serializer().serialize(sequences, good)));
      consumer.addRecord(new ConsumerRecord<>(sequences, 0, 1, "junk", "\u0000\u0001 not avro"
          .getBytes(StandardCharsets.UTF_8)));
      consumer.addRecord(new ConsumerRecord<>(sequences, 0, 2, "v",
          TOPICS.scoreVectors().valueSerde().serializer().serialize(sequences, wrongType)));
      consumer.addRecord(new ConsumerRecord<>(control, 0, 0, "c", new byte[] {(byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9,
          9, 9, 1}));
    });
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
        new ByteArraySerializer());
    TrainerService trainer = new TrainerService(TrainerConfig.defaults("unused:9092", TOPICS)
        .withGroupId("phase-trainer"), consumer, producer);
    Thread thread = new Thread(trainer, "trainer-phase");
    thread.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (deadLetters(producer).size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(TrainerPhase.COLLECTING, trainer.phase(), "still collecting");
      assertEquals(1, trainer.sequencesHeld(), "the readable sequence is held");
    } finally {
      trainer.close();
      thread.join(30_000);
    }
    assertFalse(thread.isAlive());
    List<DeadLetter> dead = deadLetters(producer);
    assertEquals(3, dead.size(), dead.toString());
    assertEquals(List.of(sequences + "@1", sequences + "@2", control + "@0"),
        dead.stream().map(d -> d.getTopic() + "@" + d.getOffset()).sorted().toList());
    assertTrue(dead.stream().allMatch(d -> d.getSource().equals("trainer") && d.getPartition() == 0
        && !d.getReason().isBlank()), dead.toString());
    assertTrue(producer.history().stream().filter(r -> r.topic().equals(TOPICS.deadLetters().name()))
        .allMatch(r -> r.key().equals(sequences) || r.key().equals(control)), "keyed by the topic they came from");
  }

  private static List<DeadLetter> deadLetters(MockProducer<String, byte[]> producer) {
    String dlq = TOPICS.deadLetters().name();
    return producer.history().stream().filter(r -> r.topic().equals(dlq)).map(ProducerRecord::value)
        .map(v -> TOPICS.deadLetters().valueSerde().deserializer().deserialize(dlq, v)).toList();
  }
}
