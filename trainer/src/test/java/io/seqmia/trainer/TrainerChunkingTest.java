package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.kernel.ChunkLimits;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.BrokerTest;
import io.seqmia.testkit.CrashAtRecord;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.TopicIo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk scoring in bounded transactions on the real broker: chunks of at most 7 records, and restarts in the middle
 * of a bulk run (after a chosen record, the open chunk aborted) that neither lose nor double a vector.
 */
@BrokerTest
class TrainerChunkingTest {

  private static final int PARTITIONS = 2;
  private static final int CHUNK = 7;
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration NO_MORE = Duration.ofSeconds(2);
  private static final TargetModelConfig MODEL = TargetModelConfig.overfit()
      .withSize(16, 2, 1, 32).withMaxLength(8).withEpochs(2);

  @Test
  void aRestartInTheMiddleOfABulkRunNeitherLosesNorDoublesAVector(KafkaBroker broker, @TempDir Path modelDir)
      throws Exception {
    String bootstrap = broker.bootstrapServers();
    Topics topics = Topics.withPrefix("trainer-chunks.");
    TopicAdmin.ensureTopics(bootstrap, topics, PARTITIONS, (short) 1);
    TestSequences data = new TestSequences(30, 4, 31);
    List<ClickSequence> all = new ArrayList<>();
    all.addAll(data.sequences("m", 30, MembershipSplit.TARGET_MEMBER, 2, 8));
    all.addAll(data.sequences("n", 20, MembershipSplit.TARGET_NONMEMBER, 2, 8));
    all.addAll(data.sequences("s", 12, MembershipSplit.SHADOW_MEMBER, 2, 8));
    all.addAll(data.sequences("t", 8, MembershipSplit.SHADOW_NONMEMBER, 2, 8));
    TopicIo.produce(bootstrap, topics.clickSequences(), all, ClickSequence::getSequenceId);
    List<ControlEvent> flushes = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      flushes.add(ControlEvent.newBuilder().setType(ControlType.SESSIONS_FLUSHED).setRunId("run-c").setSource("streams")
          .setTimestamp(Instant.now()).setPartition(p).setCount((long) all.size() / PARTITIONS).build());
    }
    TopicIo.produce(bootstrap, topics.control(), flushes, ControlEvent::getRunId);
    TrainerConfig config = TrainerConfig.defaults(bootstrap, topics).withModel(MODEL).withModelDir(modelDir)
        .withGroupId("trainer-chunks-test").withChunk(new ChunkLimits(CHUNK, Duration.ofMinutes(1)));

    // 1 MODEL_TRAINED + 50 target + 20 shadow vectors + 1 SCORING_COMPLETE = 72 records in the bulk run.
    // The first instance stops at its 30th record (target phase), the second at its 30th (shadow phase).
    for (int crashAt : new int[] {30, 30}) {
      try (TrainerService service = new TrainerService(config)) {
        service.transactions().listener(new CrashAtRecord(crashAt));
        Thread thread = new Thread(service, "trainer-crashing");
        thread.start();
        thread.join(WAIT.toMillis());
        assertFalse(thread.isAlive(), "the simulated crash stops the trainer");
        assertTrue(service.largestTransaction() <= CHUNK, "largest transaction " + service.largestTransaction());
      }
    }
    List<ControlEvent> control = TopicIo.readUntil(bootstrap, topics.control(), e -> false, NO_MORE);
    assertEquals(0, control.stream().filter(e -> e.getType() == ControlType.SCORING_COMPLETE).count(),
        "neither interrupted instance finished the run");
    int partial = TopicIo.readUntil(bootstrap, topics.scoreVectors(), v -> false, NO_MORE).size();
    assertTrue(partial > 0 && partial < 70, "committed chunks before the crashes: " + partial);

    try (TrainerService service = new TrainerService(config)) {
      new Thread(service, "trainer-finishing").start();
      control = TopicIo.readUntil(bootstrap, topics.control(),
          e -> e.stream().anyMatch(x -> x.getType() == ControlType.SCORING_COMPLETE), WAIT);
      assertTrue(service.largestTransaction() <= CHUNK, "largest transaction " + service.largestTransaction());
      assertEquals(70 - partial, service.scoredCount(), "the finishing instance scored only what was not committed");
    }
    control = TopicIo.readUntil(bootstrap, topics.control(), e -> false, NO_MORE);
    List<ControlEvent> trained = control.stream().filter(e -> e.getType() == ControlType.MODEL_TRAINED).toList();
    List<ControlEvent> complete = control.stream().filter(e -> e.getType() == ControlType.SCORING_COMPLETE).toList();
    assertEquals(1, trained.size(), "one model, trained once: the restarts load its checkpoint");
    assertEquals(1, complete.size());
    String version = trained.get(0).getAttributes().get(TrainerService.MODEL_VERSION);
    String shadowVersion = trained.get(0).getAttributes().get(TrainerService.SHADOW_MODEL_VERSION);
    assertEquals("run-c", complete.get(0).getRunId(), "the finished run keeps its run id");
    assertEquals(50L, complete.get(0).getCount());
    assertEquals("20", complete.get(0).getAttributes().get(TrainerService.SHADOW_COUNT));
    assertEquals(version, complete.get(0).getAttributes().get(TrainerService.MODEL_VERSION));

    List<ScoreVector> vectors = TopicIo.readUntil(bootstrap, topics.scoreVectors(), v -> false, NO_MORE);
    assertEquals(70, vectors.size(), "exactly one vector per sequence");
    Map<String, Long> perSequence = vectors.stream()
        .collect(Collectors.groupingBy(v -> v.getSequenceId() + "/" + v.getModelVersion(), Collectors.counting()));
    assertEquals(70, perSequence.size());
    assertTrue(perSequence.values().stream().allMatch(n -> n == 1));
    for (ScoreVector v : vectors) {
      String expected = ModelRoles.of(v) == ModelRole.TARGET ? version : shadowVersion;
      assertEquals(expected, v.getModelVersion(), v.getSequenceId());
    }
  }

  @Test
  void bulkScoringAndLiveBatchesStayWithinTheChunkLimit(KafkaBroker broker) throws Exception {
    String bootstrap = broker.bootstrapServers();
    Topics topics = Topics.withPrefix("trainer-chunk-live.");
    TopicAdmin.ensureTopics(bootstrap, topics, 1, (short) 1);
    TestSequences data = new TestSequences(30, 4, 37);
    List<ClickSequence> all = new ArrayList<>(data.sequences("m", 20, MembershipSplit.TARGET_MEMBER, 2, 8));
    all.addAll(data.sequences("n", 20, MembershipSplit.TARGET_NONMEMBER, 2, 8));
    TopicIo.produce(bootstrap, topics.clickSequences(), all, ClickSequence::getSequenceId);
    TopicIo.produce(bootstrap, topics.control(), List.of(ControlEvent.newBuilder()
        .setType(ControlType.SESSIONS_FLUSHED).setRunId("run-l").setSource("streams").setTimestamp(Instant.now())
        .setPartition(0).setCount(40L).build()), ControlEvent::getRunId);
    TrainerConfig config = TrainerConfig.defaults(bootstrap, topics).withModel(MODEL).withShadowEnabled(false)
        .withGroupId("trainer-chunk-live").withChunk(new ChunkLimits(CHUNK, Duration.ofMinutes(1)));
    try (TrainerService service = new TrainerService(config)) {
      new Thread(service, "trainer-chunk-live").start();
      TopicIo.readUntil(bootstrap, topics.control(),
          e -> e.stream().anyMatch(x -> x.getType() == ControlType.SCORING_COMPLETE), WAIT);
      // 30 live sequences at once: more than one chunk
      TopicIo.produce(bootstrap, topics.clickSequences(),
          data.sequences("live", 30, MembershipSplit.TARGET_NONMEMBER, 2, 8), ClickSequence::getSequenceId);
      List<ScoreVector> vectors = TopicIo.readUntil(bootstrap, topics.scoreVectors(), v -> v.size() >= 70,
          WAIT);
      assertEquals(70, vectors.size());
      List<Integer> sizes = service.transactions().recentSizes();
      assertTrue(sizes.stream().allMatch(n -> n <= CHUNK), "transaction sizes " + sizes);
      // 42 records of the bulk run (MODEL_TRAINED, 40 vectors, SCORING_COMPLETE) need at least 6 chunks of 7
      assertTrue(sizes.size() >= 6 + 30 / CHUNK, "transactions " + sizes);
      assertEquals(70, vectors.stream().map(ScoreVector::getSequenceId).distinct().count());
    }
  }
}
