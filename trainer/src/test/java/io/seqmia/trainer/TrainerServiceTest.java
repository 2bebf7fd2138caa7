package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlAttributes;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.BrokerTest;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.TopicIo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@BrokerTest
class TrainerServiceTest {

  private static final int PARTITIONS = 2;
  private static final Duration WAIT = Duration.ofSeconds(120);
  /** How long to read on to be sure no extra vector arrives (they are all sent before SCORING_COMPLETE). */
  private static final Duration NO_MORE = Duration.ofSeconds(2);
  private static final TargetModelConfig MODEL = TargetModelConfig.overfit()
      .withSize(16, 2, 1, 32).withMaxLength(8).withEpochs(3);

  @Test
  void trainsAfterEveryPartitionIsFlushedScoresTargetSideAndThenScoresLive(KafkaBroker broker,
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path modelDir) throws Exception {
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
    Set<String> shadowSide = all.stream().map(ClickSequence::getSequenceId).filter(id -> !targetSide.contains(id))
        .collect(Collectors.toSet());
    assertEquals(31, shadowSide.size());
    Map<String, MembershipSplit> splits = all.stream()
        .collect(Collectors.toMap(ClickSequence::getSequenceId, ClickSequence::getSplit));

    TopicIo.produce(bootstrap, topics.clickSequences(), all, ClickSequence::getSequenceId);
    flushEveryPartition(bootstrap, topics, "run-7", all.size());

    TrainerConfig config = TrainerConfig.defaults(bootstrap, topics).withModel(MODEL)
        .withGroupId("trainer-flush-test")
        .withModelDir(modelDir);
    try (TrainerService service = new TrainerService(config)) {
      Thread thread = new Thread(service, "trainer-service");
      thread.start();

      List<ControlEvent> control = TopicIo.readUntil(bootstrap, topics.control(),
          has(ControlType.SCORING_COMPLETE), WAIT);
      ControlEvent trained = find(control, ControlType.MODEL_TRAINED);
      ControlEvent complete = find(control, ControlType.SCORING_COMPLETE);
      assertEquals("run-7", trained.getRunId());
      assertEquals("true", trained.getAttributes().get(ControlAttributes.COMPLETE), "trained after every flush");
      assertEquals((double) all.size(), trained.getMetrics().get(ControlAttributes.SEQUENCES_HELD));
      assertEquals((double) all.size(), trained.getMetrics().get(ControlAttributes.SEQUENCES_EXPECTED));
      assertEquals((double) PARTITIONS, trained.getMetrics().get(ControlAttributes.PARTITIONS_FLUSHED));
      assertEquals("trainer", trained.getSource());
      for (String metric : List.of("trainLoss", "heldOutLoss", "epochs", "trainSeconds", "memberNll",
          "nonMemberNll", "trainSequences", "heldOutSequences", "recallAt20Members", "recallAt20NonMembers",
          "ndcgAt20NonMembers", "mrrAt20NonMembers")) {
        assertTrue(trained.getMetrics().containsKey(metric), "missing metric " + metric);
      }
      assertEquals(40.0, trained.getMetrics().get("trainSequences"));
      assertEquals(20.0, trained.getMetrics().get("heldOutSequences"));
      assertEquals(3.0, trained.getMetrics().get("epochs"));
      for (String metric : List.of("trainLoss", "heldOutLoss", "memberNll", "nonMemberNll", "epochs",
          "trainSeconds")) {
        Double value = trained.getMetrics().get(ControlAttributes.SHADOW_PREFIX + metric);
        assertTrue(value != null && Double.isFinite(value), "shadow metric " + metric + " is " + value);
      }
      assertEquals(20.0, trained.getMetrics().get("shadow.trainSequences"));
      assertEquals(10.0, trained.getMetrics().get("shadow.heldOutSequences"));
      assertEquals(3.0, trained.getMetrics().get("shadow.epochs"));
      String version = trained.getAttributes().get("modelVersion");
      String shadowVersion = trained.getAttributes().get(TrainerService.SHADOW_MODEL_VERSION);
      assertTrue(shadowVersion != null && !shadowVersion.equals(version), "shadow version " + shadowVersion);
      assertEquals(version, complete.getAttributes().get("modelVersion"));
      // The trained model is checkpointed, and the checkpoint scores exactly as the published vectors.
      assertEquals(version, java.nio.file.Files.readString(modelDir.resolve(TrainerService.LATEST_CHECKPOINT)).trim());
      assertEquals(modelDir.resolve(version).toAbsolutePath().toString(),
          trained.getAttributes().get(TrainerService.CHECKPOINT));
      try (TrainedTarget restored = TrainedTarget.load(modelDir.resolve(version))) {
        assertEquals(version, restored.modelVersion());
      }
      assertEquals(shadowVersion, complete.getAttributes().get(TrainerService.SHADOW_MODEL_VERSION));
      assertEquals(63L, complete.getCount(), "count is the number of target vectors only");
      assertEquals("31", complete.getAttributes().get(TrainerService.SHADOW_COUNT));

      int expected = targetSide.size() + shadowSide.size();
      List<ScoreVector> vectors = TopicIo.readUntil(bootstrap, topics.scoreVectors(),
          v -> v.size() >= expected, WAIT);
      assertEquals(expected, vectors.size());
      assertTrue(vectors.stream().allMatch(v -> v.getSequenceTime() != null && v.getSequenceTime() > 0),
          "every vector carries when its sequence was produced, for verdict latency");
      List<ScoreVector> targetVectors = vectors.stream()
          .filter(v -> ModelRoles.of(v) == ModelRole.TARGET).toList();
      List<ScoreVector> shadowVectors = vectors.stream()
          .filter(v -> ModelRoles.of(v) == ModelRole.SHADOW).toList();
      assertEquals(expected, targetVectors.size() + shadowVectors.size(), "only roles target and shadow");
      assertEquals(targetSide.size(), targetVectors.size());
      assertEquals(targetSide, targetVectors.stream().map(ScoreVector::getSequenceId).collect(Collectors.toSet()));
      targetVectors.forEach(v -> assertEquals(version, v.getModelVersion()));
      assertEquals(shadowSide.size(), shadowVectors.size());
      assertEquals(shadowSide, shadowVectors.stream().map(ScoreVector::getSequenceId).collect(Collectors.toSet()));
      for (ScoreVector v : shadowVectors) {
        assertEquals(shadowVersion, v.getModelVersion());
        assertEquals(splits.get(v.getSequenceId()), v.getSplit());
        assertEquals(Boolean.valueOf(v.getSplit() == MembershipSplit.SHADOW_MEMBER), v.getMember(),
            "shadow membership of " + v.getSequenceId());
      }
      assertEquals(TrainerPhase.LIVE, service.phase());
      assertEquals(shadowVersion, service.shadowModelVersion());

      ClickSequence live = TestSequences.sequence("live-1", List.of("item-1", "item-2", "item-9"),
          MembershipSplit.TARGET_NONMEMBER, io.seqmia.schemas.SequenceVariant.ORIGINAL, null, false);
      ClickSequence shadow = TestSequences.sequence("live-shadow", List.of("item-1", "item-2"),
          MembershipSplit.SHADOW_MEMBER, io.seqmia.schemas.SequenceVariant.ORIGINAL, null, false);
      TopicIo.produce(bootstrap, topics.clickSequences(), List.of(shadow, live),
          ClickSequence::getSequenceId);
      List<ScoreVector> after = TopicIo.readUntil(bootstrap, topics.scoreVectors(),
          v -> v.size() >= expected + 2, WAIT);
      ScoreVector liveVector = only(after, "live-1");
      assertEquals(ModelRole.TARGET, ModelRoles.of(liveVector));
      assertEquals(Boolean.FALSE, liveVector.getMember());
      assertEquals(version, liveVector.getModelVersion());
      ScoreVector liveShadow = only(after, "live-shadow");
      assertEquals(ModelRole.SHADOW, ModelRoles.of(liveShadow));
      assertEquals(Boolean.TRUE, liveShadow.getMember());
      assertEquals(shadowVersion, liveShadow.getModelVersion());
      assertEquals(expected + 2, after.size(), "each live sequence is scored once, by its side's model");
      assertEquals(expected + 2, service.scoredCount());

      // TRAIN_NOW retrains on everything held and scores it again under a new model version.
      TopicIo.produce(bootstrap, topics.control(), List.of(ControlEvent.newBuilder()
          .setType(ControlType.TRAIN_NOW).setRunId("retrain-1").setSource("test").setTimestamp(Instant.now())
          .build()), ControlEvent::getRunId);
      List<ControlEvent> afterRetrain = TopicIo.readUntil(bootstrap, topics.control(),
          events -> events.stream().anyMatch(e -> e.getType() == ControlType.SCORING_COMPLETE
              && e.getRunId().equals("retrain-1")), WAIT);
      ControlEvent retrained = afterRetrain.stream()
          .filter(e -> e.getType() == ControlType.MODEL_TRAINED && e.getRunId().equals("retrain-1")).findFirst()
          .orElseThrow(() -> new AssertionError("no MODEL_TRAINED after TRAIN_NOW: " + afterRetrain));
      String newVersion = retrained.getAttributes().get("modelVersion");
      assertTrue(newVersion != null && !newVersion.equals(version), "a new model version: " + newVersion);
      List<ScoreVector> rescored = TopicIo.readUntil(bootstrap, topics.scoreVectors(),
          v -> v.stream().filter(x -> newVersion.equals(x.getModelVersion())).count() >= targetSide.size() + 1, WAIT)
          .stream().filter(x -> newVersion.equals(x.getModelVersion())).toList();
      assertEquals(targetSide.size() + 1, rescored.size(), "every target-side sequence, the live one included, once");

      service.close();
      thread.join(30_000);
      assertTrue(!thread.isAlive(), "run() should return after close()");
      assertEquals(TrainerPhase.STOPPED, service.phase());
    }
  }

  @Test
  void trainsAfterTheProgressTimeoutWithoutFlushEventsAndSaysTheDataSetIsIncomplete(KafkaBroker broker)
      throws Exception {
    String bootstrap = broker.bootstrapServers();
    Topics topics = Topics.withPrefix("trainer-idle.");
    TopicAdmin.ensureTopics(bootstrap, topics, 1, (short) 1);
    TestSequences data = new TestSequences(30, 4, 9);
    List<ClickSequence> all = new ArrayList<>(data.sequences("m", 20, MembershipSplit.TARGET_MEMBER, 2, 8));
    all.addAll(data.sequences("n", 10, MembershipSplit.TARGET_NONMEMBER, 2, 8));
    all.addAll(data.sequences("s", TrainerService.MIN_SHADOW_MEMBER_SEQUENCES - 1, MembershipSplit.SHADOW_MEMBER,
        2, 8));
    TopicIo.produce(bootstrap, topics.clickSequences(), all, ClickSequence::getSequenceId);

    TrainerConfig config = TrainerConfig.defaults(bootstrap, topics).withModel(MODEL)
        .withGroupId("trainer-idle-test").withProgressTimeout(Duration.ofSeconds(2));
    try (TrainerService service = new TrainerService(config)) {
      new Thread(service, "trainer-idle").start();
      List<ControlEvent> control = TopicIo.readUntil(bootstrap, topics.control(),
          has(ControlType.SCORING_COMPLETE), WAIT);
      ControlEvent complete = find(control, ControlType.SCORING_COMPLETE);
      assertEquals(30L, complete.getCount());
      ControlEvent trained = find(control, ControlType.MODEL_TRAINED);
      assertEquals("unknown", trained.getRunId());
      assertEquals("false", trained.getAttributes().get(ControlAttributes.COMPLETE), "no flush: a partial data set");
      assertEquals((double) all.size(), trained.getMetrics().get(ControlAttributes.SEQUENCES_HELD));
      assertFalse(trained.getMetrics().containsKey(ControlAttributes.SEQUENCES_EXPECTED), "no flush announced a count");
      assertEquals(0.0, trained.getMetrics().get(ControlAttributes.PARTITIONS_FLUSHED));
      // Too few shadow members: no shadow model, no shadow metrics, the shadow side stays unscored.
      assertEquals("0", complete.getAttributes().get(TrainerService.SHADOW_COUNT));
      assertFalse(trained.getAttributes().containsKey(TrainerService.SHADOW_MODEL_VERSION));
      assertTrue(trained.getMetrics().keySet().stream().noneMatch(k -> k.startsWith("shadow.")), "shadow metrics");
      List<ScoreVector> vectors = TopicIo.readUntil(bootstrap, topics.scoreVectors(),
          v -> v.size() > 30, NO_MORE);
      assertEquals(30, vectors.size());
      assertTrue(vectors.stream().allMatch(v -> ModelRoles.of(v) == ModelRole.TARGET));
      assertEquals(null, service.shadowModelVersion());
    }
  }

  @Test
  void keepsWaitingForTheFlushWhileSequencesArriveThenTrainsOnEverythingMarkedIncomplete(KafkaBroker broker)
      throws Exception {
    String bootstrap = broker.bootstrapServers();
    Topics topics = Topics.withPrefix("trainer-progress.");
    TopicAdmin.ensureTopics(bootstrap, topics, PARTITIONS, (short) 1);
    TestSequences data = new TestSequences(30, 4, 29);
    List<ClickSequence> first = new ArrayList<>(data.sequences("m", 16, MembershipSplit.TARGET_MEMBER, 2, 8));
    first.addAll(data.sequences("n", 8, MembershipSplit.TARGET_NONMEMBER, 2, 8));
    TopicIo.produce(bootstrap, topics.clickSequences(), first, ClickSequence::getSequenceId);
    // Only partition 0 of 2 is flushed: the trainer must not think the data set is complete.
    TopicIo.produce(bootstrap, topics.control(), List.of(ControlEvent.newBuilder()
        .setType(ControlType.SESSIONS_FLUSHED).setRunId("run-half").setSource("streams")
        .setTimestamp(Instant.now()).setPartition(0).setCount(12L).build()), ControlEvent::getRunId);

    TrainerConfig config = TrainerConfig.defaults(bootstrap, topics).withModel(MODEL).withShadowEnabled(false)
        .withGroupId("trainer-progress-test").withProgressTimeout(Duration.ofSeconds(4));
    int trickles = 10;
    try (TrainerService service = new TrainerService(config)) {
      new Thread(service, "trainer-progress").start();
      // Sequences keep arriving for longer than the timeout (10 x 0.5 s against 4 s): it keeps waiting.
      for (int i = 0; i < trickles; i++) {
        TopicIo.produce(bootstrap, topics.clickSequences(), List.of(TestSequences.sequence("late-" + i,
            List.of("item-1", "item-" + (2 + i % 5)), MembershipSplit.TARGET_MEMBER,
            io.seqmia.schemas.SequenceVariant.ORIGINAL, null, false)), ClickSequence::getSequenceId);
        Thread.sleep(500);
      }
      List<ControlEvent> control = TopicIo.readUntil(bootstrap, topics.control(),
          has(ControlType.SCORING_COMPLETE), WAIT);
      ControlEvent trained = find(control, ControlType.MODEL_TRAINED);
      assertEquals("run-half", trained.getRunId());
      assertEquals(16.0 + trickles, trained.getMetrics().get("trainSequences"),
          "it waited while sequences arrived, and trained on every one of them");
      assertEquals("false", trained.getAttributes().get(ControlAttributes.COMPLETE));
      assertEquals((double) first.size() + trickles, trained.getMetrics().get(ControlAttributes.SEQUENCES_HELD));
      assertEquals(12.0, trained.getMetrics().get(ControlAttributes.SEQUENCES_EXPECTED));
      assertEquals(1.0, trained.getMetrics().get(ControlAttributes.PARTITIONS_FLUSHED));
      assertEquals(2.0, trained.getMetrics().get(ControlAttributes.CLICKS_PARTITIONS));
      assertEquals((long) first.size() + trickles, find(control, ControlType.SCORING_COMPLETE).getCount());
    }
  }

  @Test
  void shadowDisabledScoresTheTargetSideOnly(KafkaBroker broker) throws Exception {
    String bootstrap = broker.bootstrapServers();
    Topics topics = Topics.withPrefix("trainer-noshadow.");
    TopicAdmin.ensureTopics(bootstrap, topics, 1, (short) 1);
    TestSequences data = new TestSequences(30, 4, 21);
    List<ClickSequence> all = new ArrayList<>(data.sequences("m", 15, MembershipSplit.TARGET_MEMBER, 2, 8));
    all.addAll(data.sequences("n", 5, MembershipSplit.TARGET_NONMEMBER, 2, 8));
    all.addAll(data.sequences("s", 15, MembershipSplit.SHADOW_MEMBER, 2, 8));
    TopicIo.produce(bootstrap, topics.clickSequences(), all, ClickSequence::getSequenceId);
    TopicIo.produce(bootstrap, topics.control(), List.of(ControlEvent.newBuilder()
        .setType(ControlType.SESSIONS_FLUSHED).setRunId("run-ns").setSource("streams")
        .setTimestamp(Instant.now()).setPartition(0).setCount(35L).build()), ControlEvent::getRunId);

    Properties p = new Properties();
    p.setProperty(TrainerConfig.BOOTSTRAP_SERVERS, bootstrap);
    p.setProperty(TrainerConfig.TOPIC_PREFIX, "trainer-noshadow.");
    p.setProperty(TrainerConfig.SHADOW_ENABLED, "false");
    TrainerConfig config = TrainerConfig.fromProperties(p).withModel(MODEL).withGroupId("trainer-noshadow");
    assertFalse(config.shadowEnabled());
    try (TrainerService service = new TrainerService(config)) {
      new Thread(service, "trainer-noshadow").start();
      List<ControlEvent> control = TopicIo.readUntil(bootstrap, topics.control(),
          has(ControlType.SCORING_COMPLETE), WAIT);
      ControlEvent complete = find(control, ControlType.SCORING_COMPLETE);
      assertEquals(20L, complete.getCount());
      assertEquals("0", complete.getAttributes().get(TrainerService.SHADOW_COUNT));
      List<ScoreVector> vectors = TopicIo.readUntil(bootstrap, topics.scoreVectors(),
          v -> v.size() > 20, NO_MORE);
      assertEquals(20, vectors.size());
      assertTrue(vectors.stream().noneMatch(v -> ModelRoles.of(v) == ModelRole.SHADOW));
    }
  }

  @Test
  void shadowSwitchIsOnByDefaultAndParsedStrictly() {
    Properties p = new Properties();
    p.setProperty(TrainerConfig.BOOTSTRAP_SERVERS, "h:1");
    assertTrue(TrainerConfig.fromProperties(p).shadowEnabled());
    p.setProperty(TrainerConfig.SHADOW_ENABLED, "FALSE");
    assertFalse(TrainerConfig.fromProperties(p).shadowEnabled());
    p.setProperty(TrainerConfig.SHADOW_ENABLED, "off");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.fromProperties(p));
    assertTrue(e.getMessage().contains(TrainerConfig.SHADOW_ENABLED), e.getMessage());
  }

  @Test
  void doesNotTrainOnTooFewMembers(KafkaBroker broker) throws Exception {
    String bootstrap = broker.bootstrapServers();
    Topics topics = Topics.withPrefix("trainer-few.");
    TopicAdmin.ensureTopics(bootstrap, topics, 1, (short) 1);
    TestSequences data = new TestSequences(30, 4, 13);
    TopicIo.produce(bootstrap, topics.clickSequences(),
        data.sequences("m", TrainerService.MIN_MEMBER_SEQUENCES - 1, MembershipSplit.TARGET_MEMBER, 2, 8),
        ClickSequence::getSequenceId);
    TopicIo.produce(bootstrap, topics.control(), List.of(ControlEvent.newBuilder()
        .setType(ControlType.SESSIONS_FLUSHED).setRunId("run-few").setSource("streams")
        .setTimestamp(Instant.now()).setPartition(0).setCount(9L).build()), ControlEvent::getRunId);

    TrainerConfig config = TrainerConfig.defaults(bootstrap, topics).withModel(MODEL).withGroupId("trainer-few");
    try (TrainerService service = new TrainerService(config)) {
      new Thread(service, "trainer-few").start();
      List<ControlEvent> control = TopicIo.readUntil(bootstrap, topics.control(),
          has(ControlType.MODEL_TRAINED), Duration.ofSeconds(6));
      assertTrue(control.stream().noneMatch(e -> e.getType() == ControlType.MODEL_TRAINED));
      assertEquals(TrainerPhase.COLLECTING, service.phase());
      assertEquals(0, service.scoredCount());
    }
  }

  @Test
  void restartLoadsTheCheckpointInsteadOfRetrainingAndScoresOnlyWhatIsNew(KafkaBroker broker,
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path modelDir) throws Exception {
    String bootstrap = broker.bootstrapServers();
    Topics topics = Topics.withPrefix("trainer-restart.");
    TopicAdmin.ensureTopics(bootstrap, topics, PARTITIONS, (short) 1);
    TestSequences data = new TestSequences(30, 4, 17);
    List<ClickSequence> first = new ArrayList<>();
    first.addAll(data.sequences("m", 24, MembershipSplit.TARGET_MEMBER, 2, 8));
    first.addAll(data.sequences("n", 8, MembershipSplit.TARGET_NONMEMBER, 2, 8));
    first.addAll(data.sequences("s", 12, MembershipSplit.SHADOW_MEMBER, 2, 8));
    first.addAll(data.sequences("t", 6, MembershipSplit.SHADOW_NONMEMBER, 2, 8));
    TopicIo.produce(bootstrap, topics.clickSequences(), first, ClickSequence::getSequenceId);
    flushEveryPartition(bootstrap, topics, "run-r", first.size());
    TrainerConfig config = TrainerConfig.defaults(bootstrap, topics).withModel(MODEL)
        .withGroupId("trainer-restart-test").withModelDir(modelDir);

    String version;
    String shadowVersion;
    try (TrainerService service = new TrainerService(config)) {
      new Thread(service, "trainer-restart-1").start();
      List<ControlEvent> control = TopicIo.readUntil(bootstrap, topics.control(),
          has(ControlType.SCORING_COMPLETE), WAIT);
      version = find(control, ControlType.SCORING_COMPLETE).getAttributes().get(TrainerService.MODEL_VERSION);
      shadowVersion = find(control, ControlType.SCORING_COMPLETE).getAttributes()
          .get(TrainerService.SHADOW_MODEL_VERSION);
      TopicIo.produce(bootstrap, topics.clickSequences(), List.of(TestSequences.sequence("live-a",
          List.of("item-1", "item-2"), MembershipSplit.TARGET_NONMEMBER, io.seqmia.schemas.SequenceVariant.ORIGINAL,
          null, false)), ClickSequence::getSequenceId);
      TopicIo.readUntil(bootstrap, topics.scoreVectors(), v -> v.size() >= first.size() + 1, WAIT);
    }
    // Arrive while the trainer is down: scored by the restarted one, with the same models.
    List<ClickSequence> whileDown = List.of(
        TestSequences.sequence("down-target", List.of("item-3", "item-4", "item-5"),
            MembershipSplit.TARGET_MEMBER, io.seqmia.schemas.SequenceVariant.ORIGINAL, null, true),
        TestSequences.sequence("down-shadow", List.of("item-2", "item-6"),
            MembershipSplit.SHADOW_NONMEMBER, io.seqmia.schemas.SequenceVariant.ORIGINAL, null, false));
    TopicIo.produce(bootstrap, topics.clickSequences(), whileDown, ClickSequence::getSequenceId);

    try (TrainerService restarted = new TrainerService(config)) {
      new Thread(restarted, "trainer-restart-2").start();
      int expected = first.size() + 1 + whileDown.size();
      List<ScoreVector> vectors = TopicIo.readUntil(bootstrap, topics.scoreVectors(),
          v -> v.size() >= expected, WAIT);
      assertEquals(TrainerPhase.LIVE, restarted.phase());
      assertEquals(version, restarted.modelVersion(), "the checkpoint is loaded, not a new model trained");
      assertEquals(shadowVersion, restarted.shadowModelVersion());
      assertEquals(version, only(vectors, "down-target").getModelVersion());
      assertEquals(shadowVersion, only(vectors, "down-shadow").getModelVersion());
      assertEquals(ModelRole.SHADOW, ModelRoles.of(only(vectors, "down-shadow")));

      ClickSequence afterRestart = TestSequences.sequence("live-b", List.of("item-7", "item-1"),
          MembershipSplit.TARGET_NONMEMBER, io.seqmia.schemas.SequenceVariant.ORIGINAL, null, false);
      TopicIo.produce(bootstrap, topics.clickSequences(), List.of(afterRestart),
          ClickSequence::getSequenceId);
      List<ScoreVector> all = TopicIo.readUntil(bootstrap, topics.scoreVectors(),
          v -> v.size() > expected, WAIT);
      Thread.sleep(NO_MORE.toMillis());
      all = TopicIo.readUntil(bootstrap, topics.scoreVectors(), v -> false, NO_MORE);
      assertEquals(expected + 1, all.size(), "one vector per sequence across the restart");
      assertEquals(expected + 1, all.stream().map(ScoreVector::getSequenceId).distinct().count());
      assertEquals(version, only(all, "live-b").getModelVersion());
      assertEquals(3, restarted.scoredCount(), "the restarted trainer scored only what arrived after the commit");
      List<ControlEvent> control = TopicIo.readUntil(bootstrap, topics.control(), e -> false, NO_MORE);
      assertEquals(1, control.stream().filter(e -> e.getType() == ControlType.MODEL_TRAINED).count(),
          "no retraining after the restart");
    }
  }

  /** What the streams-app sends once every clicks partition is flushed: the trainer's cue to train. */
  private static void flushEveryPartition(String bootstrap, Topics topics, String runId, int sequences) {
    List<ControlEvent> flushes = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      // the counts add up to what was sent (the trainer reports their sum as the sequences expected)
      long count = sequences / PARTITIONS + (p == 0 ? sequences % PARTITIONS : 0);
      flushes.add(ControlEvent.newBuilder().setType(ControlType.SESSIONS_FLUSHED).setRunId(runId)
          .setSource("streams").setTimestamp(Instant.now()).setPartition(p).setCount(count).build());
    }
    TopicIo.produce(bootstrap, topics.control(), flushes, ControlEvent::getRunId);
  }

  private static ScoreVector only(List<ScoreVector> vectors, String id) {
    List<ScoreVector> matching = vectors.stream().filter(v -> v.getSequenceId().equals(id)).toList();
    assertEquals(1, matching.size(), "vectors for " + id);
    return matching.get(0);
  }

  private static Predicate<List<ControlEvent>> has(ControlType type) {
    return events -> events.stream().anyMatch(e -> e.getType() == type);
  }

  private static ControlEvent find(List<ControlEvent> events, ControlType type) {
    return events.stream().filter(e -> e.getType() == type).findFirst()
        .orElseThrow(() -> new AssertionError(type + " not published; saw " + events));
  }
}
