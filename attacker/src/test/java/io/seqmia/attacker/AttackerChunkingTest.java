package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.kernel.ChunkLimits;
import io.seqmia.kernel.ChunkedTransactions;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.CrashAtRecord;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk verdict run in chunks of at most 7 records, interrupted and finished by a restart, on the broker. */
@BrokerTest
class AttackerChunkingTest {

  private static final String VERSION = "target-chunked";
  private static final String RUN_ID = "run-chunked";
  private static final int CHUNK = 7;

  @Test
  void anInterruptedBulkVerdictRunIsFinishedByTheNextInstanceWithoutLossOrDuplicates(KafkaBroker broker,
      @TempDir Path modelDir) throws Exception {
    Topics topics = Topics.withPrefix("attacker-chunks.");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);
    List<ScoreVector> vectors = SyntheticVectors.generate(60, 60, 20, 1.5, 23, VERSION);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
        new ByteArraySerializer())) {
      for (ControlEvent e : List.of(control(ControlType.MODEL_TRAINED, null), control(ControlType.SCORING_COMPLETE,
          (long) vectors.size()))) {
        producer.send(new ProducerRecord<>(topics.control().name(), RUN_ID,
            topics.control().valueSerde().serializer().serialize(topics.control().name(), e)));
      }
      for (ScoreVector v : vectors) {
        producer.send(new ProducerRecord<>(topics.scoreVectors().name(), v.getSequenceId(),
            topics.scoreVectors().valueSerde().serializer().serialize(topics.scoreVectors().name(), v)));
      }
    }
    // The saved model is not used to resume: its bulk run never finished, so the attack (and report) is redone.
    AttackerConfig config = AttackerConfig.of(broker.bootstrapServers(), topics).withGroupId("attacker-chunks")
        .withModelDir(modelDir).withChunk(new ChunkLimits(CHUNK, Duration.ofMinutes(1)));

    try (AttackerService first = new AttackerService(config)) {
      first.transactions().listener(new CrashAtRecord(60));
      Thread thread = new Thread(first, "attacker-crashing");
      thread.start();
      thread.join(Duration.ofMinutes(2).toMillis());
      assertFalse(thread.isAlive(), "the simulated crash stops the attacker");
      assertTrue(first.transactions().largestTransaction() <= CHUNK);
      assertEquals(56, first.verdictsPublished(), "8 chunks of 7 committed, the 9th aborted at its 4th record");
    }
    List<MembershipVerdict> partial = AttackerServiceTest.readUntil(broker, topics.membershipVerdicts(), l -> true);
    assertEquals(56, partial.size());

    try (AttackerService second = new AttackerService(config)) {
      new Thread(second, "attacker-finishing").start();
      List<ControlEvent> done = AttackerServiceTest.readUntil(broker, topics.control(),
          l -> l.stream().anyMatch(e -> e.getType() == ControlType.ATTACK_COMPLETE));
      assertEquals(vectors.size() - 56, second.verdictsPublished(), "only what was not committed");
      List<Integer> sizes = second.transactions().recentSizes();
      assertTrue(sizes.stream().allMatch(n -> n <= CHUNK), "transaction sizes " + sizes);
      ControlEvent complete = done.stream().filter(e -> e.getType() == ControlType.ATTACK_COMPLETE).findFirst()
          .orElseThrow();
      assertEquals((long) vectors.size(), complete.getCount());
    }
    List<MembershipVerdict> verdicts = AttackerServiceTest.readUntil(broker, topics.membershipVerdicts(), l -> true);
    assertEquals(vectors.size(), verdicts.size(), "one verdict per scored sequence");
    Set<String> ids = verdicts.stream().map(MembershipVerdict::getSequenceId).collect(Collectors.toSet());
    assertEquals(vectors.stream().map(ScoreVector::getSequenceId).collect(Collectors.toSet()), ids);
    assertEquals(1, verdicts.stream().map(MembershipVerdict::getAttackModelVersion).distinct().count());
    List<AttackReport> reports = AttackerServiceTest.readUntil(broker, topics.attackReports(), l -> true);
    assertEquals(1, reports.size());
    assertEquals(vectors.size(), reports.get(0).getVerdictsPublished());
    List<ControlEvent> control = AttackerServiceTest.readUntil(broker, topics.control(), l -> true);
    assertEquals(1, control.stream().filter(e -> e.getType() == ControlType.ATTACK_COMPLETE).count());
  }

  private static ControlEvent control(ControlType type, Long count) {
    return ControlEvent.newBuilder().setType(type).setRunId(RUN_ID).setSource("trainer").setTimestamp(Instant.now())
        .setCount(count).setMetrics(Map.of("trainLoss", 2.0)).setAttributes(Map.of("modelVersion", VERSION)).build();
  }
}
