package io.seqmia.trainer;

import io.seqmia.kernel.BulkProgress;
import io.seqmia.kernel.KafkaDefaults;
import io.seqmia.kernel.StageLoop;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlAttributes;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.ModelRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer stage (architecture phases 3, 4 and 6) on the kernel's {@link StageLoop}: collects click sequences
 * until the streams-app has flushed every clicks partition (or nothing moved for {@code progress.timeout.ms}),
 * trains the target and a shadow ({@link ModelRound}), publishes MODEL_TRAINED, scores every held sequence with
 * the model of its side ({@link BulkRun}), publishes SCORING_COMPLETE (count = target vectors, attribute
 * {@value #SHADOW_COUNT}), then scores each new sequence as it arrives.
 *
 * <p><b>Exactly one score vector per sequence per model version, in bounded transactions.</b> Output goes out in
 * chunks of at most {@code trainer.chunk.records} records and about {@code trainer.chunk.ms}; each chunk commits
 * the positions on {@code click-sequences} with {@link ScoredOffsets} metadata naming the model versions and how
 * far the bulk run got. A restart with the checkpoint of that version in {@code model.dir} loads it, finishes an
 * interrupted bulk run after the last committed sequence id, and scores only what lies beyond the offsets.
 */
public final class TrainerService implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

  public static final String SOURCE = "trainer";
  /** Fewer member sequences than this cannot make a meaningful target model. */
  public static final int MIN_MEMBER_SEQUENCES = 10;
  /** Fewer SHADOW_MEMBER sequences than this: no shadow model (logged), the target run goes on. */
  public static final int MIN_SHADOW_MEMBER_SEQUENCES = MIN_MEMBER_SEQUENCES;
  /** ControlEvent attribute naming a model version (MODEL_TRAINED and SCORING_COMPLETE). */
  public static final String MODEL_VERSION = ControlAttributes.MODEL_VERSION;
  /** Folder of the shadow model's checkpoint inside the target's. */
  public static final String SHADOW_CHECKPOINT = "shadow";
  /** File in {@code model.dir} naming the newest checkpointed model version. */
  public static final String LATEST_CHECKPOINT = "LATEST";
  /** MODEL_TRAINED attribute: the checkpoint folder, when {@code model.dir} is set. */
  public static final String CHECKPOINT = ControlAttributes.CHECKPOINT;
  /** MODEL_TRAINED / SCORING_COMPLETE attribute: the shadow model's version, absent without a shadow. */
  public static final String SHADOW_MODEL_VERSION = ControlAttributes.SHADOW_MODEL_VERSION;
  /** SCORING_COMPLETE attribute: how many shadow vectors the bulk run sent ("0" without a shadow model). */
  public static final String SHADOW_COUNT = ControlAttributes.SHADOW_COUNT;
  /** Suffix of the group id that makes the producer's transactional id. */
  public static final String TRANSACTIONAL_ID_SUFFIX = KafkaDefaults.TRANSACTIONAL_ID_SUFFIX;
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final TrainerConfig config;
  private final StageLoop loop;
  private final SequenceStore store;
  private final VectorSender sender;
  private final ModelRound round;
  private final FlushTracker flushes = new FlushTracker();
  private final ProgressWatch progress;
  /** The sequences read past the committed offsets, waiting for their live vectors. */
  private final LiveScoring live;
  /** TRAIN_NOW events older than this service are history (the control topic is re-read on start). */
  private final long startedAtMillis = System.currentTimeMillis();
  private volatile TrainerPhase phase = TrainerPhase.COLLECTING;
  /** The target and shadow models scoring now. */
  private final CurrentModels models = new CurrentModels();
  /** The bulk run in progress (or, after a restart, waiting to be finished); null when there is none. */
  private BulkRun bulk;
  /** Run id of the latest bulk run, named in the offsets' metadata while live. */
  private String liveRunId;
  /** Run id of a TRAIN_NOW not yet acted on, or null. */
  private String trainNowRunId;
  private Map<TopicPartition, Long> drainTargets;
  private boolean waitingForMoreMembers;
  /** After a resume: per click-sequences partition, the committed offset (below it: that model's bulk run). */
  private Map<TopicPartition, Long> scoredBelow = Map.of();

  public TrainerService(TrainerConfig config) {
    this(config, new KafkaConsumer<>(KafkaDefaults.consumer(config.client(), config.groupId())),
        new KafkaProducer<>(KafkaDefaults.transactionalProducer(config.client(), config.groupId())));
  }

  /** With the clients given (Kafka's {@code MockConsumer}/{@code MockProducer} in phase tests). */
  public TrainerService(TrainerConfig config, org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
      org.apache.kafka.clients.producer.Producer<String, byte[]> producer) {
    this.config = config;
    progress = new ProgressWatch(config.progressTimeout(), System::nanoTime);
    store = new SequenceStore(config.store().memoryBytes(), config.storeDir());
    loop = new StageLoop("trainer", consumer, producer, config.chunk(), List.of(config.topics().clickSequences().name(),
        config.topics().control().name()), POLL_TIMEOUT, System::nanoTime);
    sender = new VectorSender(loop.out(), config.topics(), store);
    live = new LiveScoring(loop, sender);
    round = new ModelRound(config, loop::closing);
    loop.bind(new Stage());
  }

  /** The loop and the store, for {@link TrainerObservation} (health and metrics). */
  StageLoop loop() {
    return loop;
  }

  SequenceStore store() {
    return store;
  }

  /** The latest finished training epoch of either model (progress while a model trains), or null before one. */
  public EpochProgress latestEpoch() {
    return round.latestEpoch();
  }

  /** The role (target, shadow) of the model whose epoch {@link #latestEpoch()} is, or null before one. */
  public ModelRole latestEpochRole() {
    return round.latestRole();
  }

  /** Sequences held (target and shadow sides): what a bulk run scores. */
  public long sequencesHeld() {
    return store.size();
  }

  public TrainerPhase phase() {
    return phase;
  }

  /** Score vectors sent in committed transactions so far, target and shadow roles together. */
  public long scoredCount() {
    return loop.out().committed(config.topics().scoreVectors().name());
  }

  /** Records in the largest transaction this trainer committed (bounded by {@code trainer.chunk.records}). */
  public int largestTransaction() {
    return loop.out().largestTransaction();
  }

  /** The kernel's transactions: their sizes, and a listener (tests stop the trainer at a chosen record with it). */
  io.seqmia.kernel.ChunkedTransactions transactions() {
    return loop.out();
  }

  /** Bytes of held sequences in the spill file (0 while they fit {@value TrainerConfig#STORE_MEMORY_MB}). */
  public long spilledBytes() {
    return store.spilledBytes();
  }

  /** The version of the trained target, or null before training finished. */
  public String modelVersion() {
    return models.targetVersion();
  }

  /** The version of the trained shadow model, or null when there is none (yet). */
  public String shadowModelVersion() {
    return models.shadowVersion();
  }

  @Override
  public void run() {
    try {
      loop.run();
    } finally {
      phase = TrainerPhase.STOPPED;
    }
  }

  @Override
  public void close() {
    loop.close();
  }

  private final class Stage implements StageLoop.Stage {
    @Override
    public void start() {
      resumeFromCheckpoint();
    }

    @Override
    public void onRecord(ConsumerRecord<String, byte[]> r) {
      handle(r);
    }

    @Override
    public void afterPoll() {
      work();
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> offsets() {
      return committableOffsets();
    }

    @Override
    public void stopped() {
      store.close();
      models.close();
    }
  }

  /**
   * Resumes the model named by the committed offsets' metadata when its checkpoint is in {@code model.dir}: live
   * at once when its bulk run was finished, else that run is finished once the re-read reaches the offsets.
   */
  private void resumeFromCheckpoint() {
    Resume.Resumed r = Resume.from(config, ScoredOffsets.of(loop.consumer().committed(
        new HashSet<>(sequencePartitions()))), sequencePartitions());
    if (r == null) {
      return;
    }
    models.replace(r.target(), r.shadow());
    scoredBelow = r.below();
    liveRunId = r.runId();
    bulk = r.bulk();
    phase = bulk == null ? TrainerPhase.LIVE : TrainerPhase.SCORING;
  }

  private void handle(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      return;
    }
    try {
      if (r.topic().equals(config.topics().control().name())) {
        ControlEvent event = config.topics().control().valueSerde().deserializer().deserialize(r.topic(), r.value());
        flushes.onControl(event);
        if (event.getType() == ControlType.SESSIONS_FLUSHED) {
          progress.progress();
        }
        if (event.getType() == ControlType.TRAIN_NOW && event.getTimestamp().toEpochMilli() >= startedAtMillis) {
          trainNowRunId = event.getRunId();
        }
        return;
      }
      ClickSequence s = config.topics().clickSequences().valueSerde().deserializer().deserialize(r.topic(), r.value());
      if (s.getItemIds().isEmpty()) {
        LOG.warn("skipping sequence {} without items", s.getSequenceId());
        return;
      }
      store.add(s, r.timestamp());
      progress.progress();
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      // Below a resumed offset it was scored under the loaded model (or is part of its unfinished bulk run).
      boolean fresh = r.offset() >= scoredBelow.getOrDefault(tp, 0L);
      if (fresh && (phase == TrainerPhase.LIVE || (bulk != null && bulk.resumed))) {
        live.add(s, tp, r.offset());
      }
    } catch (RuntimeException e) {
      // One unreadable record must not stop the stage: it goes to the dead-letter topic with its coordinates.
      LOG.warn("unreadable record {}-{}@{} sent to {}: {}", r.topic(), r.partition(), r.offset(),
          config.topics().deadLetters().name(), e.toString());
      loop.deadLetter(config.topics().deadLetters(), SOURCE, r, e);
    }
  }

  private void work() {
    if (bulk != null && bulk.resumed) {
      if (!reached(bulk.below)) {
        return; // the re-read has not yet brought back every sequence of the interrupted bulk run
      }
      runBulk();
    }
    if (phase == TrainerPhase.LIVE) {
      live.score(models.target(), models.shadow(), liveRunId);
    } else if (phase == TrainerPhase.COLLECTING) {
      maybeTrain();
    }
    if (trainNowRunId != null && (phase == TrainerPhase.LIVE || phase == TrainerPhase.COLLECTING)) {
      String runId = trainNowRunId;
      trainNowRunId = null;
      LOG.info("run {}: TRAIN_NOW: retraining on the {} sequences held (a new model version)", runId, store.size());
      trainAndScore(runId, flushes.latestRunComplete(clicksPartitions()));
    }
  }

  private void maybeTrain() {
    String runId = flushes.latestRunId();
    if (drainTargets == null && !waitingForMoreMembers && flushes.latestRunComplete(clicksPartitions())) {
      drainTargets = loop.consumer().endOffsets(sequencePartitions());
      LOG.info("run {}: every clicks partition flushed; reading {} up to {}", runId,
          config.topics().clickSequences().name(), drainTargets);
    }
    if (drainTargets != null) {
      if (reached(drainTargets)) {
        drainTargets = null;
        trainAndScore(runId, true);
      }
      return;
    }
    // While sequences or flushes keep arriving, wait for the flush; only a stall trains on a partial data set.
    if (!store.isEmpty() && progress.stalled()) {
      int partitions = clicksPartitions();
      long announced = flushes.announcedSequences();
      LOG.warn("no new sequence and no flush for {} s, and only {} of {} clicks partitions are flushed: training on"
          + " a PARTIAL data set of {} sequences ({}); the model is marked incomplete",
          config.progressTimeout().toSeconds(), flushes.flushedPartitions(partitions), partitions, store.size(),
          announced < 0 ? "no flush announced a count" : "flushes so far announced " + announced);
      trainAndScore(runId == null ? "unknown" : runId, false);
    }
  }

  /**
   * Trains a new model version on everything held, then publishes MODEL_TRAINED and starts its bulk run.
   *
   * @param complete whether every clicks partition of the latest run was flushed and its sequences read
   */
  private void trainAndScore(String runId, boolean complete) {
    int partitions = clicksPartitions();
    phase = TrainerPhase.TRAINING;
    LOG.info("run {}: {} sequences held ({} distinct items): {} MB packed on the heap, {} MB spilled to {}", runId,
        store.size(), store.items(), store.memoryBytes() >> 20, store.spilledBytes() >> 20,
        store.spillFile() == null ? "no file" : store.spillFile());
    ModelRound.Trained trained = round.train(runId, store, new ModelRound.DataSet(complete, store.size(),
        flushes.announcedSequences(), flushes.flushedPartitions(partitions), partitions));
    if (trained == null) {
      if (!loop.closing()) {
        waitingForMoreMembers = true;
        progress.progress();
        phase = models.target() == null ? TrainerPhase.COLLECTING : TrainerPhase.LIVE;
      }
      return;
    }
    waitingForMoreMembers = false;
    models.replace(trained.target(), trained.shadow());
    scoredBelow = Map.of(); // a new version: everything held is in its bulk run, the rest is scored live
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition tp : sequencePartitions()) {
      positions.put(tp, loop.consumer().position(tp));
    }
    bulk = new BulkRun(runId, positions, trained.attributes(), BulkProgress.start(ScoredOffsets.PHASE_TARGET), false);
    phase = TrainerPhase.SCORING;
    sender.modelTrained(runId, trained.metrics(), trained.attributes(), trained.series());
    runBulk();
  }

  /** Finishes the bulk run (chunks, then SCORING_COMPLETE); the trainer is then live. */
  private void runBulk() {
    // Sequences read past the run's offsets after a restart are left out: they are scored live afterwards.
    if (!bulk.execute(loop, sender, store, models.target(), models.shadow(), live.waitingIds())) {
      return; // closing: the open chunk is aborted; a restart finishes the run after its last committed chunk
    }
    scoredBelow = bulk.below;
    liveRunId = bulk.runId;
    bulk = null;
    phase = TrainerPhase.LIVE;
  }

  /**
   * Positions on click-sequences with the {@link ScoredOffsets} metadata: during a bulk run the offsets it covers;
   * live, below the first sequence still waiting for its vector; never below what was committed before a restart.
   */
  private Map<TopicPartition, OffsetAndMetadata> committableOffsets() {
    TrainedTarget model = models.target();
    if (model == null) {
      return Map.of();
    }
    TrainedTarget shadow = models.shadow();
    String metadata = new ScoredOffsets(model.modelVersion(), shadow == null ? null : shadow.modelVersion(),
        bulk != null ? bulk.runId : liveRunId, bulk != null ? bulk.progress : BulkProgress.DONE, Map.of()).metadata();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : sequencePartitions()) {
      long at = bulk != null ? bulk.below.getOrDefault(tp, 0L)
          : live.commitOffset(tp, loop.consumer().position(tp));
      offsets.put(tp, new OffsetAndMetadata(Math.max(at, scoredBelow.getOrDefault(tp, 0L)), metadata));
    }
    return offsets;
  }

  private int clicksPartitions() {
    List<PartitionInfo> infos = loop.consumer().partitionsFor(config.topics().clicks().name());
    return infos == null ? 0 : infos.size();
  }

  private List<TopicPartition> sequencePartitions() {
    String name = config.topics().clickSequences().name();
    List<TopicPartition> out = new ArrayList<>();
    for (TopicPartition tp : loop.consumer().assignment()) {
      if (tp.topic().equals(name)) {
        out.add(tp);
      }
    }
    return out;
  }

  /** Whether the consumer has read every partition up to those offsets. */
  private boolean reached(Map<TopicPartition, Long> targets) {
    for (Map.Entry<TopicPartition, Long> e : targets.entrySet()) {
      if (loop.consumer().position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
