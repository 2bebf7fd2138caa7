package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.AttackResult;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.BrokerTest;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.TopicIo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@BrokerTest
class AttackerServiceTest {

  private static final String VERSION = "target-v1";
  private static final String RUN_ID = "run-attacker-test";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void publishesOneVerdictPerVectorThenReportThenLiveVerdicts(KafkaBroker broker) throws Exception {
    Topics topics = Topics.withPrefix("attacker-svc-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);
    List<ScoreVector> vectors = SyntheticVectors.generate(60, 60, 20, 1.5, 21, VERSION);
    AttackerConfig config = AttackerConfig.of(broker.bootstrapServers(), topics)
        .withGroupId("attacker-test-" + UUID.randomUUID());

    try (KafkaProducer<String, byte[]> producer = producer(broker);
        AttackerService service = new AttackerService(config)) {
      Thread thread = new Thread(service, "attacker-under-test");
      thread.start();
      // control first: the attacker must wait until it holds all announced vectors
      send(producer, topics.control(), RUN_ID, control(ControlType.MODEL_TRAINED, null,
          Map.of("trainLoss", 2.0, "heldOutLoss", 3.1, "epochs", 12.0)));
      send(producer, topics.control(), RUN_ID, control(ControlType.SCORING_COMPLETE, (long) vectors.size(), Map.of()));
      ScoreVector shadow = ModelRoles.withRole(ScoreVector.newBuilder(vectors.get(0)), ModelRole.SHADOW).setSequenceId("shadow-1")
          .build();
      send(producer, topics.scoreVectors(), "shadow-1", shadow);
      for (ScoreVector v : vectors) {
        send(producer, topics.scoreVectors(), v.getSequenceId(), v);
      }
      producer.flush();

      List<ControlEvent> complete = readUntil(broker, topics.control(),
          l -> l.stream().anyMatch(e -> e.getType() == ControlType.ATTACK_COMPLETE));
      ControlEvent done = complete.stream().filter(e -> e.getType() == ControlType.ATTACK_COMPLETE).findFirst()
          .orElseThrow();
      assertEquals(RUN_ID, done.getRunId());
      assertEquals("attacker", done.getSource());
      assertEquals("ok", done.getAttributes().get("status"));
      assertEquals((long) vectors.size(), done.getCount());

      // everything before ATTACK_COMPLETE is flushed: exactly one verdict per target vector
      List<MembershipVerdict> verdicts = readUntil(broker, topics.membershipVerdicts(), l -> l.size() >= vectors.size());
      Thread.sleep(500);
      verdicts = readUntil(broker, topics.membershipVerdicts(), l -> true);
      assertEquals(vectors.size(), verdicts.size());
      Map<String, MembershipVerdict> byId = new HashMap<>();
      verdicts.forEach(v -> byId.put(v.getSequenceId(), v));
      assertEquals(vectors.size(), byId.size(), "one verdict per sequence");
      assertFalse(byId.containsKey("shadow-1"), "shadow vectors get no verdict");
      int usedForTraining = 0;
      for (ScoreVector v : vectors) {
        MembershipVerdict verdict = byId.get(v.getSequenceId());
        assertNotNull(verdict, v.getSequenceId());
        assertEquals(v.getMember(), verdict.getGroundTruth());
        assertEquals(v.getVariant(), verdict.getVariant());
        assertEquals(verdict.getMemberProbability() >= 0.5, verdict.getMember());
        assertEquals(0.5, verdict.getThreshold());
        assertEquals("seqmia-mlp", verdict.getAttackName());
        assertEquals("labelled", verdict.getAttackMode());
        assertEquals(VERSION, verdict.getTargetModelVersion());
        assertTrue(verdict.getLatencyMs() >= 0);
        if (verdict.getUsedForTraining()) {
          usedForTraining++;
          assertTrue(v.getAttackerKnows(), "only labelled vectors are trained on");
        }
      }
      assertEquals(60, usedForTraining, "30 labelled members + 30 of 40 labelled non-members");

      List<AttackReport> reports = readUntil(broker, topics.attackReports(), l -> !l.isEmpty());
      assertEquals(1, reports.size());
      AttackReport report = reports.get(0);
      assertEquals(RUN_ID, report.getRunId());
      assertEquals(VERSION, report.getTargetModelVersion());
      assertEquals(2.0, report.getTarget().get("trainLoss"));
      assertEquals(3.1, report.getTarget().get("heldOutLoss"));
      assertEquals(vectors.size(), report.getVerdictsExpected());
      assertEquals(vectors.size(), report.getVerdictsPublished());
      AttackResult mlp = report.getAttacks().stream()
          .filter(r -> r.getName().equals("seqmia-mlp") && r.getNegatives().equals("all")).findFirst().orElseThrow();
      assertEquals(30, mlp.getMembers());
      assertEquals(40, mlp.getNonMembers());
      assertTrue(mlp.getAuc() > 0.8, "MLP AUC " + mlp.getAuc());
      assertEquals(6, report.getAttacks().size());
      assertEquals(report.getRunId(), service.lastReport().getRunId());
      assertEquals(vectors.size(), service.verdictsPublished());

      // live: one more vector gets its verdict right away
      ScoreVector fresh = SyntheticVectors.vector("live-1", SyntheticVectors.Kind.UNLABELLED, false, 1.5,
          new Random(9), VERSION);
      send(producer, topics.scoreVectors(), "live-1", fresh);
      producer.flush();
      List<MembershipVerdict> after = readUntil(broker, topics.membershipVerdicts(),
          l -> l.stream().anyMatch(v -> v.getSequenceId().equals("live-1")));
      MembershipVerdict live = after.stream().filter(v -> v.getSequenceId().equals("live-1")).findFirst().orElseThrow();
      assertEquals(null, live.getGroundTruth());
      assertFalse(live.getUsedForTraining());
      assertEquals(report.getAttackModelVersion(), live.getAttackModelVersion());
      assertEquals(vectors.size() + 1, after.size());
      awaitCount(vectors.size() + 1, service::verdictsPublished);

      service.close();
      thread.join(10_000);
      assertFalse(thread.isAlive(), "close() stops the service");
    }
  }

  /**
   * Attack, a live verdict, stop; two vectors arrive while it is down; restart with the same group id and
   * model folder: the saved model gives their verdicts, the re-read SCORING_COMPLETE starts no second attack,
   * each sequence has exactly one verdict, and a newer target version is still attacked.
   */
  @Test
  void restartResumesTheSavedAttackModelWithoutASecondAttack(KafkaBroker broker, @TempDir Path modelDir)
      throws Exception {
    Restart r = restart(broker, modelDir);
    assertTrue(AttackCheckpoint.isCheckpoint(AttackCheckpoint.directoryFor(modelDir, r.attackVersion)),
        "the attack model is saved under attacker.model.dir");
    try (KafkaProducer<String, byte[]> producer = producer(broker)) {
      // a retrained target's SCORING_COMPLETE (seen after the restart) is still attacked, once
      List<ScoreVector> v2 = SyntheticVectors.generate(30, 30, 0, 1.5, 77, "target-v2");
      for (ScoreVector v : v2) {
        send(producer, r.topics.scoreVectors(), v.getSequenceId(), v);
      }
      send(producer, r.topics.control(), "run-2", control(ControlType.SCORING_COMPLETE, (long) v2.size(), Map.of(),
          "run-2", "target-v2"));
      producer.flush();
      List<ControlEvent> completes = readUntil(broker, r.topics.control(), l -> attackCompletes(l).size() >= 2);
      assertEquals(List.of(VERSION, "target-v2"),
          attackCompletes(completes).stream().map(e -> e.getAttributes().get("modelVersion")).toList());
      List<MembershipVerdict> verdicts = readUntil(broker, r.topics.membershipVerdicts(), l -> true);
      assertOncePerSequenceAndAttackModel(verdicts);
      assertEquals(r.expected + v2.size(), verdicts.size());
      String v2Attack = r.service.lastRun().attackModelVersion();
      assertFalse(v2Attack.equals(r.attackVersion));
      assertEquals(v2.size(), verdicts.stream().filter(v -> v.getAttackModelVersion().equals(v2Attack)).count());
      assertEquals(2, readUntil(broker, r.topics.attackReports(), l -> l.size() >= 2).size());
    } finally {
      r.stop();
    }
  }

  /**
   * The same restart without attacker.model.dir: the attack runs again (same seed, same labelled vectors,
   * so the same model) but publishes no second report and no second verdict for any sequence.
   */
  @Test
  void restartWithoutASavedModelRerunsTheAttackButRepublishesNothing(KafkaBroker broker) throws Exception {
    Restart r = restart(broker, null);
    try {
      assertNotNull(r.service.lastRun().artefacts(), "the attack ran again");
    } finally {
      r.stop();
    }
  }

  private record Restart(Topics topics, AttackerService service, Thread thread, String attackVersion, long expected) {
    void stop() throws InterruptedException {
      service.close();
      thread.join(10_000);
      assertFalse(thread.isAlive());
    }
  }

  private static Restart restart(KafkaBroker broker, Path modelDir) throws Exception {
    Topics topics = Topics.withPrefix("attacker-restart-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);
    List<ScoreVector> vectors = SyntheticVectors.generate(40, 40, 10, 1.5, 31, VERSION);
    AttackerConfig config = AttackerConfig.of(broker.bootstrapServers(), topics)
        .withGroupId("attacker-restart-" + UUID.randomUUID()).withModelDir(modelDir);
    Random random = new Random(12);
    List<ScoreVector> live = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      live.add(SyntheticVectors.vector("live-" + i, SyntheticVectors.Kind.UNLABELLED, false, 1.5, random, VERSION));
    }
    String attackVersion;
    Map<String, Double> firstModel = new HashMap<>();
    try (KafkaProducer<String, byte[]> producer = producer(broker)) {
      AttackerService first = new AttackerService(config);
      Thread thread = new Thread(first, "attacker-before-restart");
      thread.start();
      send(producer, topics.control(), RUN_ID, control(ControlType.MODEL_TRAINED, null, Map.of("trainLoss", 2.0)));
      send(producer, topics.control(), RUN_ID, control(ControlType.SCORING_COMPLETE, (long) vectors.size(), Map.of()));
      for (ScoreVector v : vectors) {
        send(producer, topics.scoreVectors(), v.getSequenceId(), v);
      }
      producer.flush();
      readUntil(broker, topics.control(), l -> !attackCompletes(l).isEmpty());
      send(producer, topics.scoreVectors(), "live-1", live.get(0));
      producer.flush();
      readUntil(broker, topics.membershipVerdicts(), l -> hasVerdict(l, "live-1"));
      attackVersion = first.lastRun().attackModelVersion();
      for (ScoreVector v : live) {
        firstModel.put(v.getSequenceId(), first.lastRun().predict(v));
      }
      first.close();
      thread.join(10_000);
      assertFalse(thread.isAlive());

      // while it is down
      send(producer, topics.scoreVectors(), "live-2", live.get(1));
      send(producer, topics.scoreVectors(), "live-3", live.get(2));
      producer.flush();

      AttackerService second = new AttackerService(config);
      Thread secondThread = new Thread(second, "attacker-after-restart");
      secondThread.start();
      readUntil(broker, topics.membershipVerdicts(), l -> hasVerdict(l, "live-2") && hasVerdict(l, "live-3"));
      send(producer, topics.scoreVectors(), "live-4", live.get(3));
      producer.flush();
      readUntil(broker, topics.membershipVerdicts(), l -> hasVerdict(l, "live-4"));
      Thread.sleep(1000); // room for a wrong second attack or duplicate to show up

      long expected = vectors.size() + live.size();
      List<MembershipVerdict> verdicts = readUntil(broker, topics.membershipVerdicts(), l -> true);
      assertEquals(expected, verdicts.size(), "no verdict published twice");
      assertOncePerSequenceAndAttackModel(verdicts);
      for (MembershipVerdict v : verdicts) {
        assertEquals(attackVersion, v.getAttackModelVersion());
        if (v.getSequenceId().startsWith("live-")) {
          // the restarted attacker judges with the model the first one had
          assertEquals(firstModel.get(v.getSequenceId()), v.getMemberProbability(), 1e-6, v.getSequenceId());
        }
      }
      assertEquals(1, attackCompletes(readUntil(broker, topics.control(), l -> true)).size(),
          "no second ATTACK_COMPLETE for the same target version");
      assertEquals(1, readUntil(broker, topics.attackReports(), l -> true).size(), "no second AttackReport");
      assertEquals(attackVersion, second.lastRun().attackModelVersion());
      assertEquals(VERSION, second.lastRun().targetModelVersion());
      assertNull(second.lastReport());
      assertEquals(3, second.verdictsPublished(), "the restarted attacker judged only live-2, live-3 and live-4");
      return new Restart(topics, second, secondThread, attackVersion, expected);
    }
  }

  private static void assertOncePerSequenceAndAttackModel(List<MembershipVerdict> verdicts) {
    Map<String, Integer> counts = new HashMap<>();
    for (MembershipVerdict v : verdicts) {
      counts.merge(v.getSequenceId() + " @ " + v.getAttackModelVersion(), 1, Integer::sum);
    }
    counts.forEach((key, n) -> assertEquals(1, n, "verdicts for " + key));
  }

  private static List<ControlEvent> attackCompletes(List<ControlEvent> events) {
    return events.stream().filter(e -> e.getType() == ControlType.ATTACK_COMPLETE).toList();
  }

  private static boolean hasVerdict(List<MembershipVerdict> verdicts, String sequenceId) {
    return verdicts.stream().anyMatch(v -> v.getSequenceId().equals(sequenceId));
  }

  private static void awaitCount(long expected, java.util.function.LongSupplier actual) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (actual.getAsLong() != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(expected, actual.getAsLong());
  }

  private static ControlEvent control(ControlType type, Long count, Map<String, Double> metrics) {
    return control(type, count, metrics, RUN_ID, VERSION);
  }

  private static ControlEvent control(ControlType type, Long count, Map<String, Double> metrics, String runId,
      String version) {
    return ControlEvent.newBuilder().setType(type).setRunId(runId).setSource("trainer").setTimestamp(Instant.now())
        .setCount(count).setMetrics(metrics).setAttributes(Map.of("modelVersion", version)).build();
  }

  private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key, V value) {
    producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
  }

  /** Everything on the topic from the beginning, re-read until {@code done} holds or {@link #WAIT} passes. */
  static <V> List<V> readUntil(KafkaBroker broker, Topic<String, V> topic, Predicate<List<V>> done) {
    List<V> values = TopicIo.readUntil(broker.bootstrapServers(), topic, done, WAIT);
    if (!done.test(values)) {
      throw new AssertionError("timed out reading " + topic.name() + "; got " + values.size() + " records");
    }
    return values;
  }
}
