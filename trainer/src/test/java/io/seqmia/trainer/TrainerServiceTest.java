package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TrainerServiceTest {

  private static final int PARTITIONS = 2;
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final TargetModelConfig MODEL = TargetModelConfig.overfit()
      .withSize(16, 2, 1, 32).withMaxLength(8).withEpochs(3);

  @Test
  void trainsAfterEveryPartitionIsFlushedScoresTargetSideAndThenScoresLive(KafkaBroker broker) throws Exception {
    String bootstrap = broker.bootstrapServers();
    Topics topics = Topics.withPrefix("trainer-flush.");
    TopicAdmin.ensureTopics(bootstrap, topics, PARTITIONS, (short) 1);

    TestSequences data = new TestSequences(40, 4, 5);
    List<ClickSequence> all = new ArrayList<>();
    all.addAll(data.sequences("m", 40, MembershipSplit.TARGET_MEMBER, 2, 10));
    all.addAll(data.sequences("n", 20, MembershipSplit.TARGET_NONMEMBER, 2, 10));
    all.addAll(data.sequences("s", 20, MembershipSplit.SHADOW_MEMBER, 2, 10));
    all.addAll(data.sequences("t", 10, MembershipSplit.SHADOW_NONMEMBER, 2, 10));
    List<ClickSequence> augmented = List.of(
        TestSequences.augmented(all.get(0), 1, "item-3"),
        TestSequences.augmented(all.get(1), 0, "item-4"),
        TestSequences.augmented(all.get(45), 1, "item-5"),
        TestSequences.augmented(all.get(65), 1, "item-6"));
    all.addAll(augmented);
    Set<String> targetSide = all.stream()
        .filter(s -> s.getSplit() == MembershipSplit.TARGET_MEMBER || s.getSplit() == MembershipSplit.TARGET_NONMEMBER)
        .map(ClickSequence::getSequenceId).collect(Collectors.toSet());
    assertEquals(63, targetSide.size());

    KafkaTestSupport.produce(bootstrap, topics.clickSequences(), all, ClickSequence::getSequenceId);
    List<ControlEvent> flushes = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      flushes.add(ControlEvent.newBuilder().setType(ControlType.SESSIONS_FLUSHED).setRunId("run-7")
          .setSource("streams").setTimestamp(Instant.now()).setPartition(p).setCount(10L).build());
    }
    KafkaTestSupport.produce(bootstrap, topics.control(), flushes, ControlEvent::getRunId);

    TrainerConfig config = TrainerConfig.defaults(bootstrap, topics).withModel(MODEL)
        .withGroupId("trainer-flush-test");
    try (TrainerService service = new TrainerService(config)) {
      Thread thread = new Thread(service, "trainer-service");
      thread.start();

      List<ControlEvent> control = KafkaTestSupport.readUntil(bootstrap, topics.control(),
          has(ControlType.SCORING_COMPLETE), WAIT);
      ControlEvent trained = find(control, ControlType.MODEL_TRAINED);
      ControlEvent complete = find(control, ControlType.SCORING_COMPLETE);
      assertEquals("run-7", trained.getRunId());
      assertEquals("trainer", trained.getSource());
      for (String metric : List.of("trainLoss", "heldOutLoss", "epochs", "trainSeconds", "memberNll",
          "nonMemberNll", "trainSequences", "heldOutSequences")) {
        assertTrue(trained.getMetrics().containsKey(metric), "missing metric " + metric);
      }
      assertEquals(40.0, trained.getMetrics().get("trainSequences"));
      assertEquals(20.0, trained.getMetrics().get("heldOutSequences"));
      assertEquals(3.0, trained.getMetrics().get("epochs"));
      String version = trained.getAttributes().get("modelVersion");
      assertEquals(version, complete.getAttributes().get("modelVersion"));
      assertEquals(63L, complete.getCount());

      List<ScoreVector> vectors = KafkaTestSupport.readUntil(bootstrap, topics.scoreVectors(),
          v -> v.size() >= targetSide.size(), WAIT);
      assertEquals(targetSide, vectors.stream().map(ScoreVector::getSequenceId).collect(Collectors.toSet()));
      assertTrue(vectors.stream().allMatch(v -> v.getSequenceTime() != null && v.getSequenceTime() > 0),
          "every vector carries when its sequence was produced, for verdict latency");
      assertEquals(targetSide.size(), vectors.size());
      vectors.forEach(v -> assertEquals(version, v.getModelVersion()));
      assertEquals(TrainerPhase.LIVE, service.phase());

      ClickSequence live = TestSequences.sequence("live-1", List.of("item-1", "item-2", "item-9"),
          MembershipSplit.TARGET_NONMEMBER, io.seqmia.schemas.SequenceVariant.ORIGINAL, null, false);
      ClickSequence shadow = TestSequences.sequence("live-shadow", List.of("item-1", "item-2"),
          MembershipSplit.SHADOW_MEMBER, io.seqmia.schemas.SequenceVariant.ORIGINAL, null, false);
      KafkaTestSupport.produce(bootstrap, topics.clickSequences(), List.of(shadow, live),
          ClickSequence::getSequenceId);
      List<ScoreVector> after = KafkaTestSupport.readUntil(bootstrap, topics.scoreVectors(),
          v -> v.stream().anyMatch(x -> x.getSequenceId().equals("live-1")), WAIT);
      ScoreVector liveVector = after.stream().filter(x -> x.getSequenceId().equals("live-1")).findFirst()
          .orElseThrow(() -> new AssertionError("the live sequence was not scored"));
      assertEquals(Boolean.FALSE, liveVector.getMember());
      assertEquals(version, liveVector.getModelVersion());
      assertEquals(targetSide.size() + 1, after.size(), "shadow sequences must not be scored");
      assertEquals(targetSide.size() + 1, service.scoredCount());

      service.close();
      thread.join(30_000);
      assertTrue(!thread.isAlive(), "run() should return after close()");
      assertEquals(TrainerPhase.STOPPED, service.phase());
    }
  }

  @Test
  void trainsAfterTheIdleTimeoutWithoutFlushEvents(KafkaBroker broker) {
    String bootstrap = broker.bootstrapServers();
    Topics topics = Topics.withPrefix("trainer-idle.");
    TopicAdmin.ensureTopics(bootstrap, topics, 1, (short) 1);
    TestSequences data = new TestSequences(30, 4, 9);
    List<ClickSequence> all = new ArrayList<>(data.sequences("m", 20, MembershipSplit.TARGET_MEMBER, 2, 8));
    all.addAll(data.sequences("n", 10, MembershipSplit.TARGET_NONMEMBER, 2, 8));
    KafkaTestSupport.produce(bootstrap, topics.clickSequences(), all, ClickSequence::getSequenceId);

    TrainerConfig config = TrainerConfig.defaults(bootstrap, topics).withModel(MODEL)
        .withGroupId("trainer-idle-test").withIdleTimeout(Duration.ofSeconds(2));
    try (TrainerService service = new TrainerService(config)) {
      new Thread(service, "trainer-idle").start();
      List<ControlEvent> control = KafkaTestSupport.readUntil(bootstrap, topics.control(),
          has(ControlType.SCORING_COMPLETE), WAIT);
      assertEquals(30L, find(control, ControlType.SCORING_COMPLETE).getCount());
      assertEquals("unknown", find(control, ControlType.MODEL_TRAINED).getRunId());
    }
  }

  @Test
  void doesNotTrainOnTooFewMembers(KafkaBroker broker) throws Exception {
    String bootstrap = broker.bootstrapServers();
    Topics topics = Topics.withPrefix("trainer-few.");
    TopicAdmin.ensureTopics(bootstrap, topics, 1, (short) 1);
    TestSequences data = new TestSequences(30, 4, 13);
    KafkaTestSupport.produce(bootstrap, topics.clickSequences(),
        data.sequences("m", TrainerService.MIN_MEMBER_SEQUENCES - 1, MembershipSplit.TARGET_MEMBER, 2, 8),
        ClickSequence::getSequenceId);
    KafkaTestSupport.produce(bootstrap, topics.control(), List.of(ControlEvent.newBuilder()
        .setType(ControlType.SESSIONS_FLUSHED).setRunId("run-few").setSource("streams")
        .setTimestamp(Instant.now()).setPartition(0).setCount(9L).build()), ControlEvent::getRunId);

    TrainerConfig config = TrainerConfig.defaults(bootstrap, topics).withModel(MODEL).withGroupId("trainer-few");
    try (TrainerService service = new TrainerService(config)) {
      new Thread(service, "trainer-few").start();
      List<ControlEvent> control = KafkaTestSupport.readUntil(bootstrap, topics.control(),
          has(ControlType.MODEL_TRAINED), Duration.ofSeconds(6));
      assertTrue(control.stream().noneMatch(e -> e.getType() == ControlType.MODEL_TRAINED));
      assertEquals(TrainerPhase.COLLECTING, service.phase());
      assertEquals(0, service.scoredCount());
    }
  }

  private static Predicate<List<ControlEvent>> has(ControlType type) {
    return events -> events.stream().anyMatch(e -> e.getType() == type);
  }

  private static ControlEvent find(List<ControlEvent> events, ControlType type) {
    return events.stream().filter(e -> e.getType() == type).findFirst()
        .orElseThrow(() -> new AssertionError(type + " not published; saw " + events));
  }
}
