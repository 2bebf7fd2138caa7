package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory bounded by design, on the broker at a reduced scale: a store budget small enough to spill trains on every
 * member and scores every sequence once; {@code trainer.sample.members} trains on a seeded sample and still scores
 * every sequence.
 */
@BrokerTest
class TrainerMemoryTest {

  private static final int PARTITIONS = 2;
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final TargetModelConfig MODEL = TargetModelConfig.overfit()
      .withSize(16, 2, 1, 32).withMaxLength(8).withEpochs(2);

  private static List<ClickSequence> data() {
    TestSequences data = new TestSequences(60, 4, 21);
    List<ClickSequence> all = new ArrayList<>();
    all.addAll(data.sequences("m", 120, MembershipSplit.TARGET_MEMBER, 2, 12));
    all.addAll(data.sequences("n", 60, MembershipSplit.TARGET_NONMEMBER, 2, 12));
    all.addAll(data.sequences("s", 60, MembershipSplit.SHADOW_MEMBER, 2, 12));
    all.addAll(data.sequences("t", 30, MembershipSplit.SHADOW_NONMEMBER, 2, 12));
    for (int i = 0; i < 20; i++) {
      all.add(TestSequences.augmented(all.get(i * 3), 1, TestSequences.item(i)));
    }
    return all;
  }

  @Test
  void aStoreThatSpillsToDiskTrainsOnEveryMemberAndScoresEverySequenceOnce(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    Topics topics = Topics.withPrefix("trainer-spill.");
    List<ClickSequence> all = data();
    TrainerConfig config = TrainerConfig.defaults(broker.bootstrapServers(), topics).withModel(MODEL)
        .withGroupId("trainer-spill-test").withStore(new TrainerConfig.StoreLimits(1_024, dir));
    Run run = run(broker, topics, config, all);
    assertTrue(run.spilled > 0, "a 1 KB budget spills to the file");
    assertEquals(120.0, run.trained.getMetrics().get("trainSequences"), "every TARGET_MEMBER sequence trains");
    assertEquals(120.0, run.trained.getMetrics().get(ControlAttributes.MEMBERS_AVAILABLE));
    assertEquals(60.0, run.trained.getMetrics().get("shadow.trainSequences"));
    assertEquals(ControlAttributes.ALL_MEMBERS, run.trained.getAttributes().get(ControlAttributes.MEMBER_SAMPLE));
    assertEquals((double) all.size(), run.trained.getMetrics().get(ControlAttributes.SEQUENCES_HELD));
    // Recommendations travel as vocabulary indices; the mapping is published once per model on VOCABULARY.
    String version = run.trained.getAttributes().get(TrainerService.MODEL_VERSION);
    Map<Integer, String> mapping = new HashMap<>();
    for (ControlEvent e : run.control) {
      if (e.getType() == ControlType.VOCABULARY && version.equals(e.getAttributes().get("modelVersion"))) {
        int from = Integer.parseInt(e.getAttributes().get("from"));
        for (int i = 0; i < e.getItems().size(); i++) {
          mapping.put(from + i, e.getItems().get(i));
        }
        assertEquals("target", e.getAttributes().get("modelRole"));
        assertEquals((long) mapping.size(), e.getCount(), "count = the vocabulary's items");
      }
    }
    for (ScoreVector v : run.vectors) {
      if (v.getModelVersion().equals(version)) {
        assertTrue(v.getFeatureNames().isEmpty() && v.getTopItems().isEmpty() && !v.getTopItemIndices().isEmpty());
        v.getTopItemIndices().forEach(i -> assertTrue(mapping.get(i) != null && mapping.get(i).startsWith("item-"),
            "index " + i + " maps to " + mapping.get(i)));
      }
    }
  }

  @Test
  void aMemberSampleTrainsOnNMembersAndStillScoresEverySequence(KafkaBroker broker) throws Exception {
    Topics topics = Topics.withPrefix("trainer-sample.");
    List<ClickSequence> all = data();
    TrainerConfig config = TrainerConfig.defaults(broker.bootstrapServers(), topics).withModel(MODEL)
        .withGroupId("trainer-sample-test").withSample(new TrainerConfig.MemberSample(30, 5));
    Run run = run(broker, topics, config, all);
    Map<String, Double> m = run.trained.getMetrics();
    assertEquals(30.0, m.get("trainSequences"), "the sample");
    assertEquals(120.0, m.get(ControlAttributes.MEMBERS_AVAILABLE), "of the members available");
    assertEquals(30.0, m.get("shadow.trainSequences"));
    assertEquals(60.0, m.get("shadow." + ControlAttributes.MEMBERS_AVAILABLE));
    assertEquals("30", run.trained.getAttributes().get(ControlAttributes.MEMBER_SAMPLE));
    assertEquals("5", run.trained.getAttributes().get(ControlAttributes.SAMPLE_SEED));
    // Members are what the model trained on: the 90 members left out have no ground truth (a verdict, no label).
    List<ScoreVector> target = run.vectors.stream().filter(v -> ModelRoles.of(v) == ModelRole.TARGET).toList();
    assertEquals(30, target.stream().filter(v -> Boolean.TRUE.equals(v.getMember())).count());
    assertEquals(90, target.stream().filter(v -> v.getSplit() == MembershipSplit.TARGET_MEMBER
        && v.getMember() == null).count());
    assertEquals(80, target.stream().filter(v -> Boolean.FALSE.equals(v.getMember())).count(),
        "every non-member and variant is scored as a non-member");
    List<ScoreVector> shadow = run.vectors.stream().filter(v -> ModelRoles.of(v) == ModelRole.SHADOW).toList();
    assertEquals(30, shadow.stream().filter(v -> Boolean.TRUE.equals(v.getMember())).count());
  }

  private record Run(ControlEvent trained, long spilled, List<ScoreVector> vectors, List<ControlEvent> control) {}

  /** Sends the data set and the flushes, waits for SCORING_COMPLETE, checks one vector per sequence. */
  private static Run run(KafkaBroker broker, Topics topics, TrainerConfig config, List<ClickSequence> all)
      throws Exception {
    String bootstrap = broker.bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, topics, PARTITIONS, (short) 1);
    TopicIo.produce(bootstrap, topics.clickSequences(), all, ClickSequence::getSequenceId);
    List<ControlEvent> flushes = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      flushes.add(ControlEvent.newBuilder().setType(ControlType.SESSIONS_FLUSHED).setRunId("r").setSource("streams")
          .setTimestamp(Instant.now()).setPartition(p).setCount((long) all.size() / PARTITIONS).build());
    }
    TopicIo.produce(bootstrap, topics.control(), flushes, ControlEvent::getRunId);
    try (TrainerService service = new TrainerService(config)) {
      Thread thread = new Thread(service, "trainer-memory-test");
      thread.start();
      List<ControlEvent> control = TopicIo.readUntil(bootstrap, topics.control(),
          e -> e.stream().anyMatch(x -> x.getType() == ControlType.SCORING_COMPLETE), WAIT);
      ControlEvent trained = control.stream().filter(e -> e.getType() == ControlType.MODEL_TRAINED).findFirst()
          .orElseThrow(() -> new AssertionError("no MODEL_TRAINED: " + control));
      List<ScoreVector> vectors = TopicIo.readUntil(bootstrap, topics.scoreVectors(),
          v -> v.size() >= all.size(), WAIT);
      Map<String, Integer> perSequence = new HashMap<>();
      vectors.forEach(v -> perSequence.merge(v.getSequenceId(), 1, Integer::sum));
      assertEquals(all.size(), perSequence.size(), "every sequence scored, none lost");
      assertTrue(perSequence.values().stream().allMatch(n -> n == 1), "none doubled");
      long spilled = service.spilledBytes();
      service.close();
      thread.join(30_000);
      return new Run(trained, spilled, vectors, control);
    }
  }
}
