package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.AttackResult;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * attacker.eval.max on the broker: the attacks train and evaluate on a seeded sample, every scored vector still gets
 * one verdict, and compact ScoreVectors (recommendations as vocabulary indices, mapping on VOCABULARY) feed the
 * baselines.
 */
@BrokerTest
class AttackerSampleTest {

  private static final String VERSION = "target-sampled";
  private static final String SHADOW_VERSION = "shadow-sampled";
  private static final String RUN_ID = "run-sampled";
  private static final int EVAL_MAX = 100;

  @Test
  void attacksASeededSampleAndGivesEveryVectorAVerdict(KafkaBroker broker) throws Exception {
    Topics topics = Topics.withPrefix("attacker-sample.");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);
    List<ScoreVector> vectors = SyntheticVectors.withItems(SyntheticVectors.generate(120, 120, 40, 1.5, 31, VERSION),
        32);
    List<ScoreVector> shadow = SyntheticVectors.shadow(60, 60, 1.5, 33, SHADOW_VERSION);
    List<ControlEvent> control = new ArrayList<>();
    control.add(event(ControlType.MODEL_TRAINED, null, Map.of("modelVersion", VERSION, "shadowModelVersion",
        SHADOW_VERSION), List.of()));
    control.addAll(compact(vectors, VERSION));
    control.addAll(compact(shadow, SHADOW_VERSION));
    control.add(event(ControlType.SCORING_COMPLETE, (long) vectors.size(), Map.of("modelVersion", VERSION,
        "shadowModelVersion", SHADOW_VERSION, "shadowCount", Integer.toString(shadow.size())), List.of()));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
        new ByteArraySerializer())) {
      for (ControlEvent e : control) {
        producer.send(new ProducerRecord<>(topics.control().name(), RUN_ID,
            topics.control().valueSerde().serializer().serialize(topics.control().name(), e)));
      }
      List<ScoreVector> all = new ArrayList<>(vectors);
      all.addAll(shadow);
      for (ScoreVector v : all) {
        producer.send(new ProducerRecord<>(topics.scoreVectors().name(), v.getSequenceId(),
            topics.scoreVectors().valueSerde().serializer().serialize(topics.scoreVectors().name(), v)));
      }
    }
    AttackerConfig config = AttackerConfig.of(broker.bootstrapServers(), topics).withGroupId("attacker-sample")
        .withEvalMax(EVAL_MAX);
    try (AttackerService service = new AttackerService(config)) {
      new Thread(service, "attacker-sample").start();
      AttackerServiceTest.readUntil(broker, topics.control(),
          l -> l.stream().anyMatch(e -> e.getType() == ControlType.ATTACK_COMPLETE));
      AttackReport report = AttackerServiceTest.readUntil(broker, topics.attackReports(), l -> !l.isEmpty()).get(0);
      assertEquals(280.0, report.getSample().get("vectorsHeld"));
      assertEquals((double) EVAL_MAX, report.getSample().get("vectorsSampled"));
      assertEquals((double) EVAL_MAX, report.getSample().get("evalMax"));
      assertEquals(120.0, report.getSample().get("shadowVectorsHeld"));
      assertEquals(100.0, report.getSample().get("shadowVectorsSampled"));
      for (AttackResult r : report.getAttacks()) {
        assertTrue(r.getMembers() + r.getNonMembers() <= EVAL_MAX, "evaluated on the sample: " + r);
      }
      List<String> attacks = report.getAttacks().stream().map(AttackResult::getName).distinct().toList();
      assertTrue(attacks.contains("biased-mia") && attacks.contains("dl-mia"),
          "the baselines read the recommendations through the published vocabulary: " + attacks);
      assertEquals(vectors.size(), report.getVerdictsPublished());
    }
    List<MembershipVerdict> verdicts = AttackerServiceTest.readUntil(broker, topics.membershipVerdicts(),
        l -> l.size() >= vectors.size());
    assertEquals(vectors.size(), verdicts.size(), "a verdict for every scored sequence, sampled or not");
    assertEquals(vectors.stream().map(ScoreVector::getSequenceId).collect(Collectors.toSet()),
        verdicts.stream().map(MembershipVerdict::getSequenceId).collect(Collectors.toSet()));
    assertTrue(verdicts.stream().allMatch(v -> v.getMemberProbability() >= 0 && v.getMemberProbability() <= 1));
  }

  /** Recommendations as vocabulary indices (v3; the synthetic features keep their names), and the VOCABULARY event. */
  private static List<ControlEvent> compact(List<ScoreVector> vectors, String version) {
    Map<String, Integer> index = new HashMap<>();
    List<String> items = new ArrayList<>();
    for (ScoreVector v : vectors) {
      List<Integer> indices = new ArrayList<>();
      for (String item : v.getTopItems()) {
        indices.add(index.computeIfAbsent(item, k -> {
          items.add(k);
          return items.size() + 3; // vocabulary indices start after the 4 special tokens
        }));
      }
      v.setTopItemIndices(indices);
      v.setTopItems(List.of());
    }
    return List.of(event(ControlType.VOCABULARY, (long) items.size(), Map.of("modelVersion", version, "from", "4"),
        items));
  }

  private static ControlEvent event(ControlType type, Long count, Map<String, String> attributes, List<String> items) {
    return ControlEvent.newBuilder().setType(type).setRunId(RUN_ID).setSource("trainer").setTimestamp(Instant.now())
        .setCount(count).setMetrics(Map.of("trainLoss", 2.0)).setAttributes(attributes).setItems(items).build();
  }
}
