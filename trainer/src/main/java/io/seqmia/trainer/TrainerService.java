package io.seqmia.trainer;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer stage (architecture phases 3, 4 and 6): collects click sequences until the streams-app
 * has flushed every clicks partition, trains the target on the TARGET_MEMBER sequences and (unless
 * {@value TrainerConfig#SHADOW_ENABLED} is false) a shadow model of the same architecture and preset on the
 * SHADOW_MEMBER sequences, publishes MODEL_TRAINED (shadow metrics under {@value #SHADOW_METRIC_PREFIX}),
 * scores every target-side sequence with the target (role {@value TrainedTarget#ROLE_TARGET}) and every
 * shadow-side sequence with the shadow (role {@value #ROLE_SHADOW}) into {@code score-vectors}, publishes
 * SCORING_COMPLETE (count = target vectors only, attribute {@value #SHADOW_COUNT}), then scores each new
 * sequence as it arrives with the model of its side.
 *
 * <p>The consumer assigns itself every partition of {@code click-sequences} and {@code control} and reads
 * from the beginning instead of joining a consumer group: a retrain (TRAIN_NOW) needs every sequence, and
 * training can take minutes without a poll, which would get a group member evicted.
 *
 * <p><b>Exactly one score vector per sequence per model version.</b> Scoring is consume-score-produce in
 * Kafka transactions (transactional id {@code <group.id>-tx}): the bulk scoring of a new model (with its
 * MODEL_TRAINED and SCORING_COMPLETE) is one transaction, each live micro-batch (what one poll returned)
 * another, and each commits the consumer's position on {@code click-sequences} under the group id with the
 * model versions as offset metadata ({@link ScoredOffsets}). After a restart the trainer reads those
 * committed offsets; when {@code model.dir} holds the checkpoint of the version they name, it loads it
 * instead of retraining, re-reads the sequences below the offsets without scoring them (they were scored
 * under that version) and scores the rest live. Without such a checkpoint it trains a new version.
 */
public final class TrainerService implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

  public static final String SOURCE = "trainer";
  /** Fewer member sequences than this cannot make a meaningful target model. */
  public static final int MIN_MEMBER_SEQUENCES = 10;
  /** Fewer SHADOW_MEMBER sequences than this: no shadow model (logged), the target run goes on. */
  public static final int MIN_SHADOW_MEMBER_SEQUENCES = MIN_MEMBER_SEQUENCES;
  /** Model role of the shadow model's score vectors; the attacker's target-label attacks ignore them. */
  public static final String ROLE_SHADOW = "shadow";
  /** Prefix of the shadow model's metrics in MODEL_TRAINED (e.g. {@code shadow.memberNll}). */
  public static final String SHADOW_METRIC_PREFIX = "shadow.";
  /** ControlEvent attribute naming a model version (MODEL_TRAINED and SCORING_COMPLETE). */
  public static final String MODEL_VERSION = "modelVersion";
  /** MODEL_TRAINED attributes: the target's preset and the device it trained on. */
  public static final String PRESET = "preset";
  public static final String DEVICE = "device";
  /**
   * MODEL_TRAINED attribute: "true" when the model trained after every clicks partition of the latest run was
   * flushed and read, "false" when it trained on what had arrived after {@value TrainerConfig#PROGRESS_TIMEOUT_MS}
   * without progress.
   */
  public static final String COMPLETE = "complete";
  /** MODEL_TRAINED metrics: sequences held when training began, and those the SESSIONS_FLUSHED events announced. */
  public static final String SEQUENCES_HELD = "sequencesHeld";
  public static final String SEQUENCES_EXPECTED = "sequencesExpected";
  /** MODEL_TRAINED metrics: clicks partitions the latest run flushed, of how many. */
  public static final String PARTITIONS_FLUSHED = "partitionsFlushed";
  public static final String CLICKS_PARTITIONS = "clicksPartitions";
  /** Folder of the shadow model's checkpoint inside the target's. */
  public static final String SHADOW_CHECKPOINT = "shadow";
  /** File in {@code model.dir} naming the newest checkpointed model version. */
  public static final String LATEST_CHECKPOINT = "LATEST";
  /** MODEL_TRAINED attribute: the checkpoint folder, when {@code model.dir} is set. */
  public static final String CHECKPOINT = "checkpoint";
  /** MODEL_TRAINED / SCORING_COMPLETE attribute: the shadow model's version, absent without a shadow. */
  public static final String SHADOW_MODEL_VERSION = "shadowModelVersion";
  /** SCORING_COMPLETE attribute: how many shadow vectors were sent ("0" without a shadow model). */
  public static final String SHADOW_COUNT = "shadowCount";
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  private static final java.util.Comparator<ClickSequence> BY_ID =
      java.util.Comparator.comparing(s -> s.getSequenceId().toString());
  private static final Duration TOPIC_WAIT = Duration.ofMillis(500);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);
  /** Score vectors are built and sent in chunks so memory stays flat for large runs. */
  private static final int SCORE_CHUNK = 1024;
  /**
   * The bulk scoring of a model is one transaction: long enough for millions of vectors on a CPU, and under
   * the broker's default {@code transaction.max.timeout.ms} (15 minutes).
   */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);
  /** Suffix of the group id that makes the producer's transactional id. */
  public static final String TRANSACTIONAL_ID_SUFFIX = "-tx";

  private final TrainerConfig config;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, ClickSequence> sequences = new LinkedHashMap<>();
  /** TRAIN_NOW events older than this service are history (the control topic is re-read on start). */
  private final long startedAtMillis = System.currentTimeMillis();
  /** Run id of a TRAIN_NOW not yet acted on, or null. */
  private String trainNowRunId;
  /** When each sequence was produced (its record timestamp: the streams-app stamps wall-clock time). */
  private final Map<String, Long> producedAt = new java.util.HashMap<>();
  private final FlushTracker flushes = new FlushTracker();
  private final AtomicLong scored = new AtomicLong();
  private long pendingScored;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile TrainerPhase phase = TrainerPhase.COLLECTING;
  private volatile boolean closing;
  private volatile boolean running;
  private TrainedTarget model;
  /** The shadow model, or null when it is disabled, skipped or not trained yet. */
  private TrainedTarget shadow;
  private Map<TopicPartition, Long> drainTargets;
  /** Time since the last new sequence or flush: the trainer trains on a partial data set only when it stalls. */
  private final ProgressWatch progress;
  private long droppedSequences;
  private boolean waitingForMoreMembers;
  private String liveRunId;
  /** After a resume: per click-sequences partition, the first offset not yet scored under the loaded model. */
  private Map<TopicPartition, Long> scoredBelow = Map.of();
  /** Whether the producer has a transaction open (aborted if the service stops inside it). */
  private boolean inTransaction;

  public TrainerService(TrainerConfig config) {
    this.config = config;
    progress = new ProgressWatch(config.progressTimeout(), System::nanoTime);
    consumer = new KafkaConsumer<>(consumerProperties(config));
    producer = new KafkaProducer<>(producerProperties(config));
  }

  public TrainerPhase phase() {
    return phase;
  }

  /** Score vectors sent in committed transactions so far, target and shadow roles together. */
  public long scoredCount() {
    return scored.get();
  }

  /** The version of the trained target, or null before training finished. */
  public synchronized String modelVersion() {
    return model == null ? null : model.modelVersion();
  }

  /** The version of the trained shadow model, or null when there is none (yet). */
  public synchronized String shadowModelVersion() {
    return shadow == null ? null : shadow.modelVersion();
  }

  @Override
  public void run() {
    running = true;
    try {
      assignAll();
      if (!closing) {
        // Fences an earlier instance with the same transactional id and aborts what it left open.
        producer.initTransactions();
        resumeFromCheckpoint();
      }
      while (!closing) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        List<ClickSequence> fresh = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
          handle(r, fresh);
        }
        if (phase == TrainerPhase.LIVE) {
          scoreLive(fresh);
        } else if (phase == TrainerPhase.COLLECTING) {
          maybeTrain();
        }
        if (trainNowRunId != null && (phase == TrainerPhase.LIVE || phase == TrainerPhase.COLLECTING)) {
          String runId = trainNowRunId;
          trainNowRunId = null;
          LOG.info("run {}: TRAIN_NOW: retraining on the {} sequences held (a new model version)", runId,
              sequences.size());
          trainAndScore(runId, flushes.latestRunComplete(clicksPartitions()));
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } catch (RuntimeException e) {
      LOG.error("trainer service failed", e);
      throw e;
    } finally {
      abortOpenTransaction();
      phase = TrainerPhase.STOPPED;
      closeResources();
      stopped.countDown();
    }
  }

  private void assignAll() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<String, ?> topic : List.of(config.topics().clickSequences(), config.topics().control())) {
      List<PartitionInfo> infos = waitForTopic(topic.name());
      if (infos == null) {
        return;
      }
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    LOG.info("trainer reading {} partitions of {} and {}", partitions.size(),
        config.topics().clickSequences().name(), config.topics().control().name());
  }

  /**
   * Resumes the model named by the committed offsets' metadata when its checkpoint is in {@code model.dir}:
   * the service goes LIVE at once, and only sequences at or after the committed offsets are scored.
   */
  private void resumeFromCheckpoint() {
    List<TopicPartition> partitions = sequencePartitions();
    Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
        consumer.committed(new java.util.HashSet<>(partitions));
    ScoredOffsets scoredOffsets = ScoredOffsets.of(committed);
    if (scoredOffsets == null) {
      return; // nothing scored yet under this group id: a fresh start
    }
    java.nio.file.Path dir = config.modelDir() == null ? null : config.modelDir().resolve(scoredOffsets.modelVersion());
    if (dir == null || !TrainedTarget.isCheckpoint(dir)) {
      LOG.warn("sequences were scored under model {} (committed offsets of group {}), but {}; training a new "
          + "model version, which scores every sequence again", scoredOffsets.modelVersion(), config.groupId(),
          dir == null ? "no " + TrainerConfig.MODEL_DIR + " is set" : "there is no checkpoint in " + dir);
      return;
    }
    TrainedTarget loaded = TrainedTarget.load(dir);
    TrainedTarget loadedShadow = null;
    if (scoredOffsets.shadowModelVersion() != null) {
      java.nio.file.Path shadowDir = dir.resolve(SHADOW_CHECKPOINT);
      if (TrainedTarget.isCheckpoint(shadowDir)) {
        loadedShadow = TrainedTarget.load(shadowDir);
      } else {
        LOG.warn("the shadow model {} has no checkpoint in {}; shadow-side sequences are not scored live",
            scoredOffsets.shadowModelVersion(), shadowDir);
      }
    }
    synchronized (this) {
      model = loaded;
      shadow = loadedShadow;
    }
    Map<TopicPartition, Long> below = new HashMap<>();
    for (TopicPartition tp : partitions) {
      below.put(tp, scoredOffsets.offsets().getOrDefault(tp, 0L));
    }
    scoredBelow = below;
    liveRunId = "resumed";
    phase = TrainerPhase.LIVE;
    LOG.info("resumed model {} (shadow {}) from {} without retraining; sequences below offsets {} were scored "
        + "under it, later ones are scored live", loaded.modelVersion(),
        loadedShadow == null ? "none" : loadedShadow.modelVersion(), dir, below);
  }

  /** The topic's partitions once it exists; null if the service closes first. */
  private List<PartitionInfo> waitForTopic(String name) {
    boolean warned = false;
    while (!closing) {
      List<PartitionInfo> infos = consumer.partitionsFor(name);
      if (infos != null && !infos.isEmpty()) {
        return infos;
      }
      if (!warned) {
        LOG.warn("topic {} does not exist yet; waiting for it (create the topics first)", name);
        warned = true;
      }
      sleep(TOPIC_WAIT);
    }
    return null;
  }

  private void handle(ConsumerRecord<String, byte[]> r, List<ClickSequence> fresh) {
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
      } else {
        ClickSequence s =
            config.topics().clickSequences().valueSerde().deserializer().deserialize(r.topic(), r.value());
        if (s.getItemIds().isEmpty()) {
          LOG.warn("skipping sequence {} without items", s.getSequenceId());
          return;
        }
        keep(s);
        progress.progress();
        producedAt.put(s.getSequenceId(), r.timestamp());
        Long resumedAt = scoredBelow.get(new TopicPartition(r.topic(), r.partition()));
        if (resumedAt == null || r.offset() >= resumedAt) {
          fresh.add(s); // below a resumed offset it was scored under the loaded model before the restart
        }
      }
    } catch (RuntimeException e) {
      // One unreadable record must not stop the stage; it is logged with its coordinates.
      LOG.error("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  private void keep(ClickSequence s) {
    if (sequences.size() >= config.maxSequences() && !sequences.containsKey(s.getSequenceId())) {
      if (droppedSequences++ == 0) {
        LOG.warn("holding {} sequences ({}); dropping further ones", sequences.size(), TrainerConfig.MAX_SEQUENCES);
      }
      return;
    }
    sequences.put(s.getSequenceId(), s);
  }

  private void maybeTrain() {
    String runId = flushes.latestRunId();
    if (drainTargets == null && !waitingForMoreMembers
        && flushes.latestRunComplete(clicksPartitions())) {
      drainTargets = consumer.endOffsets(sequencePartitions());
      LOG.info("run {}: every clicks partition flushed; reading {} up to {}", runId,
          config.topics().clickSequences().name(), drainTargets);
    }
    if (drainTargets != null) {
      if (drained()) {
        drainTargets = null;
        trainAndScore(runId, true);
      }
      return;
    }
    // While sequences or flushes keep arriving, wait for the flush; only a stall trains on a partial data set.
    if (!sequences.isEmpty() && progress.stalled()) {
      int partitions = clicksPartitions();
      long announced = flushes.announcedSequences();
      LOG.warn("no new sequence and no flush for {} s, and only {} of {} clicks partitions are flushed: training on"
          + " a PARTIAL data set of {} sequences ({}); the model is marked incomplete",
          config.progressTimeout().toSeconds(), flushes.flushedPartitions(partitions), partitions, sequences.size(),
          announced < 0 ? "no flush announced a count" : "flushes so far announced " + announced);
      trainAndScore(runId == null ? "unknown" : runId, false);
    }
  }

  private int clicksPartitions() {
    List<PartitionInfo> infos = consumer.partitionsFor(config.topics().clicks().name());
    return infos == null ? 0 : infos.size();
  }

  private List<TopicPartition> sequencePartitions() {
    String name = config.topics().clickSequences().name();
    List<TopicPartition> out = new ArrayList<>();
    for (TopicPartition tp : consumer.assignment()) {
      if (tp.topic().equals(name)) {
        out.add(tp);
      }
    }
    return out;
  }

  private boolean drained() {
    for (Map.Entry<TopicPartition, Long> e : drainTargets.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Trains and scores a new model version on everything held.
   *
   * @param complete whether every clicks partition of the latest run was flushed and its sequences read: MODEL_TRAINED
   *     says so ({@value #COMPLETE}), with the sequences held and those the flushes announced
   */
  private void trainAndScore(String runId, boolean complete) {
    List<ClickSequence> members = new ArrayList<>();
    List<ClickSequence> heldOut = new ArrayList<>();
    for (ClickSequence s : sequences.values()) {
      // Every TARGET_MEMBER trains, whatever its variant: augmented variants are TARGET_MEMBERs only when the
      // streams-app runs with augment.train-target=true (the paper's other reading); by default they are
      // non-members and never train.
      if (s.getSplit() == MembershipSplit.TARGET_MEMBER) {
        members.add(s);
      } else if (s.getVariant() == SequenceVariant.ORIGINAL && s.getSplit() == MembershipSplit.TARGET_NONMEMBER) {
        heldOut.add(s);
      }
    }
    // One canonical order (by sequence id): the vocabulary, the batches and so the model then depend on the set of
    // sequences and the seed, not on the order in which the topic's partitions happened to be read.
    members.sort(BY_ID);
    heldOut.sort(BY_ID);
    if (members.size() < MIN_MEMBER_SEQUENCES) {
      LOG.error("run {}: only {} TARGET_MEMBER sequences arrived, at least {} are needed; not training. "
          + "Waiting for more sequences (training is retried after {} s without progress).",
          runId, members.size(), MIN_MEMBER_SEQUENCES, config.progressTimeout().toSeconds());
      waitingForMoreMembers = true;
      progress.progress();
      return;
    }
    waitingForMoreMembers = false;
    phase = TrainerPhase.TRAINING;
    LOG.info("run {}: training the target on {} member sequences ({} held out), {}", runId, members.size(),
        heldOut.size(), config.model());
    TrainedTarget trained =
        TargetTrainer.train(members, heldOut, config.model(), listener(TrainedTarget.ROLE_TARGET));
    TrainedTarget previous;
    synchronized (this) {
      previous = model;
      model = trained;
    }
    if (previous != null) {
      previous.close(); // a TRAIN_NOW replaced it
    }
    if (closing) {
      return;
    }
    Map<String, Double> metrics = new HashMap<>();
    putMetrics(metrics, "", trained, members, heldOut);
    int partitions = clicksPartitions();
    metrics.put(SEQUENCES_HELD, (double) sequences.size());
    long announced = flushes.announcedSequences();
    if (announced >= 0) {
      metrics.put(SEQUENCES_EXPECTED, (double) announced);
    }
    metrics.put(PARTITIONS_FLUSHED, (double) flushes.flushedPartitions(partitions));
    metrics.put(CLICKS_PARTITIONS, (double) partitions);
    LOG.info("run {}: model {} trained in {} s: {}", runId, trained.modelVersion(),
        String.format("%.1f", trained.trainSeconds()), metrics);

    TrainedTarget trainedShadow = trainShadow(runId);
    if (closing) {
      return;
    }
    Map<String, String> attributes = new HashMap<>();
    attributes.put(MODEL_VERSION, trained.modelVersion());
    attributes.put(PRESET, trained.preset());
    attributes.put(DEVICE, trained.device());
    attributes.put(COMPLETE, Boolean.toString(complete));
    if (trainedShadow != null) {
      attributes.put(SHADOW_MODEL_VERSION, trainedShadow.modelVersion());
      putMetrics(metrics, SHADOW_METRIC_PREFIX, trainedShadow, side(MembershipSplit.SHADOW_MEMBER, false),
          side(MembershipSplit.SHADOW_NONMEMBER, true));
    }
    checkpoint(trained, trainedShadow, attributes);
    scoredBelow = Map.of(); // a new version: everything held is scored below, the rest live
    phase = TrainerPhase.SCORING;
    // One transaction: MODEL_TRAINED, every vector, SCORING_COMPLETE and the offsets they cover.
    beginTransaction();
    sendControl(control(ControlType.MODEL_TRAINED, runId, null, metrics, attributes));
    long sent = scoreAll(trained, TrainedTarget.ROLE_TARGET);
    long shadowSent = trainedShadow == null ? 0 : scoreAll(trainedShadow, ROLE_SHADOW);
    if (closing) {
      return; // run() aborts the open transaction
    }
    attributes.put(SHADOW_COUNT, Long.toString(shadowSent));
    // count stays the number of TARGET vectors: the attacker waits for exactly that many.
    sendControl(control(ControlType.SCORING_COMPLETE, runId, sent, Map.of(), attributes));
    commitTransaction();
    LOG.info("run {}: scored {} target-side and {} shadow-side sequences", runId, sent, shadowSent);
    liveRunId = runId;
    phase = TrainerPhase.LIVE;
  }

  private void beginTransaction() {
    producer.beginTransaction();
    inTransaction = true;
  }

  /** Commits the open transaction together with the consumer's position on click-sequences. */
  private void commitTransaction() {
    Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets = new HashMap<>();
    String metadata = new ScoredOffsets(model.modelVersion(), shadow == null ? null : shadow.modelVersion(),
        Map.of()).metadata();
    for (TopicPartition tp : sequencePartitions()) {
      // While a resumed trainer re-reads its input, a partition's position can still lie below what was
      // committed before the restart; committing it would make a second restart score those sequences again.
      long offset = Math.max(consumer.position(tp), scoredBelow.getOrDefault(tp, 0L));
      offsets.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(offset, metadata));
    }
    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
    producer.commitTransaction();
    inTransaction = false;
    scored.addAndGet(pendingScored);
    pendingScored = 0;
  }

  private void abortOpenTransaction() {
    if (!inTransaction) {
      return;
    }
    inTransaction = false;
    pendingScored = 0;
    try {
      producer.abortTransaction();
      LOG.info("aborted the open scoring transaction; its vectors are discarded and will be scored again");
    } catch (RuntimeException e) {
      LOG.warn("could not abort the open transaction: {}", e.getMessage());
    }
  }

  /**
   * Saves the trained models under {@code model.dir}/{version}/ (the shadow under shadow/ inside it) and
   * names the newest in {@code model.dir}/LATEST; the folder is added to MODEL_TRAINED's attributes.
   * A failed save is logged, not fatal: the scores are still worth publishing.
   */
  private void checkpoint(TrainedTarget trained, TrainedTarget trainedShadow, Map<String, String> attributes) {
    if (config.modelDir() == null) {
      return;
    }
    java.nio.file.Path dir = config.modelDir().resolve(trained.modelVersion());
    try {
      trained.save(dir);
      if (trainedShadow != null) {
        trainedShadow.save(dir.resolve(SHADOW_CHECKPOINT));
      }
      java.nio.file.Files.writeString(config.modelDir().resolve(LATEST_CHECKPOINT), trained.modelVersion() + "\n");
      attributes.put(CHECKPOINT, dir.toAbsolutePath().toString());
      LOG.info("model {} checkpointed in {}", trained.modelVersion(), dir);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.error("could not checkpoint model {} in {}: {}", trained.modelVersion(), dir, e.toString());
    }
  }

  /** Trains the shadow on the SHADOW_MEMBER sequences (held out: SHADOW_NONMEMBER originals), or returns null. */
  private TrainedTarget trainShadow(String runId) {
    if (!config.shadowEnabled()) {
      LOG.info("run {}: no shadow model ({}=false)", runId, TrainerConfig.SHADOW_ENABLED);
      return null;
    }
    List<ClickSequence> members = side(MembershipSplit.SHADOW_MEMBER, false);
    List<ClickSequence> heldOut = side(MembershipSplit.SHADOW_NONMEMBER, true);
    if (members.size() < MIN_SHADOW_MEMBER_SEQUENCES) {
      LOG.warn("run {}: only {} SHADOW_MEMBER sequences arrived, at least {} are needed; no shadow model, "
          + "shadow-side sequences are not scored", runId, members.size(), MIN_SHADOW_MEMBER_SEQUENCES);
      return null;
    }
    LOG.info("run {}: training the shadow on {} member sequences ({} held out), {}", runId, members.size(),
        heldOut.size(), config.model());
    TrainedTarget trained = TargetTrainer.train(members, heldOut, config.model(), listener(ROLE_SHADOW));
    TrainedTarget previous;
    synchronized (this) {
      previous = shadow;
      shadow = trained;
    }
    if (previous != null) {
      previous.close(); // a TRAIN_NOW replaced it
    }
    LOG.info("run {}: shadow model {} trained in {} s", runId, trained.modelVersion(),
        String.format("%.1f", trained.trainSeconds()));
    return trained;
  }

  private EpochListener listener(String role) {
    return new EpochListener() {
      @Override
      public void onEpoch(EpochProgress p) {
        LOG.info("{} model {}", role, p);
      }

      @Override
      public boolean stopRequested() {
        return closing;
      }
    };
  }

  /** Sequences of the split in sequence-id order; only ORIGINAL variants when {@code originalsOnly}. */
  private List<ClickSequence> side(MembershipSplit split, boolean originalsOnly) {
    List<ClickSequence> out = new ArrayList<>();
    for (ClickSequence s : sequences.values()) {
      if (s.getSplit() == split && (!originalsOnly || s.getVariant() == SequenceVariant.ORIGINAL)) {
        out.add(s);
      }
    }
    out.sort(BY_ID);
    return out;
  }

  private static void putMetrics(Map<String, Double> metrics, String prefix, TrainedTarget trained,
      List<ClickSequence> members, List<ClickSequence> heldOut) {
    metrics.put(prefix + "trainLoss", trained.finalTrainLoss());
    metrics.put(prefix + "heldOutLoss", trained.finalHeldOutLoss());
    metrics.put(prefix + "epochs", (double) trained.epochs());
    metrics.put(prefix + "trainSeconds", trained.trainSeconds());
    metrics.put(prefix + "tokensPerSecond", trained.tokensPerSecond());
    metrics.put(prefix + "memberNll", trained.meanNll(members));
    metrics.put(prefix + "nonMemberNll", trained.meanNll(heldOut));
    metrics.put(prefix + "trainSequences", (double) members.size());
    metrics.put(prefix + "heldOutSequences", (double) heldOut.size());
    // What the overfitting costs: next-item quality on what the model trained on and on what it did not.
    putUtility(metrics, prefix, "Members", trained.utility(members));
    if (!heldOut.isEmpty()) {
      putUtility(metrics, prefix, "NonMembers", trained.utility(heldOut));
    }
  }

  private static void putUtility(Map<String, Double> metrics, String prefix, String side, Utility u) {
    metrics.put(prefix + "recallAt20" + side, u.recallAt20());
    metrics.put(prefix + "ndcgAt20" + side, u.ndcgAt20());
    metrics.put(prefix + "mrrAt20" + side, u.mrrAt20());
  }

  /** Scores every collected sequence of the role's side in chunks; returns how many vectors were sent. */
  private long scoreAll(TrainedTarget scorer, String role) {
    List<ClickSequence> ofSide = new ArrayList<>();
    for (ClickSequence s : sequences.values()) {
      if (sideOf(s).equals(role)) {
        ofSide.add(s);
      }
    }
    // Same batches in every run: padding, and so the floating-point sums, depend on a batch's members.
    ofSide.sort(BY_ID);
    long sent = 0;
    for (int from = 0; from < ofSide.size() && !closing; from += SCORE_CHUNK) {
      sent += send(score(scorer, ofSide.subList(from, Math.min(ofSide.size(), from + SCORE_CHUNK)), role));
    }
    return sent;
  }

  private void scoreLive(List<ClickSequence> fresh) {
    List<ClickSequence> targetSide = new ArrayList<>();
    List<ClickSequence> shadowSide = new ArrayList<>();
    for (ClickSequence s : fresh) {
      (sideOf(s).equals(ROLE_SHADOW) ? shadowSide : targetSide).add(s);
    }
    if (shadow == null) {
      shadowSide.clear();
    }
    if (targetSide.isEmpty() && shadowSide.isEmpty()) {
      return;
    }
    long n = 0;
    beginTransaction();
    if (!targetSide.isEmpty()) {
      n += send(score(model, targetSide, TrainedTarget.ROLE_TARGET));
    }
    if (!shadowSide.isEmpty()) {
      n += send(score(shadow, shadowSide, ROLE_SHADOW));
    }
    commitTransaction();
    if (n > 0) {
      LOG.debug("run {}: scored {} new sequences live", liveRunId, n);
    }
  }

  /** The model role that scores the sequence: its split's side. */
  private static String sideOf(ClickSequence s) {
    return s.getSplit() == MembershipSplit.TARGET_MEMBER || s.getSplit() == MembershipSplit.TARGET_NONMEMBER
        ? TrainedTarget.ROLE_TARGET : ROLE_SHADOW;
  }

  /**
   * Scores with the given role; for the shadow role, {@code member} is set here to membership in the shadow's
   * training set (TrainedTarget.score sets it for the target role only).
   */
  private static List<ScoreVector> score(TrainedTarget scorer, List<ClickSequence> batch, String role) {
    List<ScoreVector> vectors = scorer.score(batch, role);
    if (ROLE_SHADOW.equals(role)) {
      for (ScoreVector v : vectors) {
        v.setMember(v.getSplit() == MembershipSplit.SHADOW_MEMBER);
      }
    }
    return vectors;
  }

  /** Sends the vectors, waits until all are acknowledged, and returns how many were. */
  private long send(List<ScoreVector> vectors) {
    Topic<String, ScoreVector> topic = config.topics().scoreVectors();
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicLong acked = new AtomicLong();
    for (ScoreVector v : vectors) {
      if (v.getSequenceTime() == null) {
        v.setSequenceTime(producedAt.get(v.getSequenceId())); // lets the attacker report verdict latency
      }
      byte[] value = topic.valueSerde().serializer().serialize(topic.name(), v);
      producer.send(new ProducerRecord<>(topic.name(), v.getSequenceId(), value), (meta, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        } else {
          acked.incrementAndGet();
        }
      });
    }
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException("could not send score vectors to " + topic.name() + ": "
          + failure.get().getMessage(), failure.get());
    }
    pendingScored += acked.get(); // counted in scoredCount() once the transaction commits
    return acked.get();
  }

  private static ControlEvent control(
      ControlType type, String runId, Long count, Map<String, Double> metrics, Map<String, String> attributes) {
    return ControlEvent.newBuilder()
        .setType(type)
        .setRunId(runId)
        .setSource(SOURCE)
        .setTimestamp(Instant.now())
        .setCount(count)
        .setMetrics(metrics)
        .setAttributes(new HashMap<>(attributes))
        .build();
  }

  private void sendControl(ControlEvent event) {
    Topic<String, ControlEvent> topic = config.topics().control();
    try {
      producer.send(new ProducerRecord<>(topic.name(), event.getRunId(),
          topic.valueSerde().serializer().serialize(topic.name(), event))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + event.getType(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not send " + event.getType() + " to " + topic.name() + ": "
          + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    if (running) {
      try {
        if (!stopped.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("trainer did not stop within {} s", CLOSE_WAIT.toSeconds());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      closeResources();
    }
  }

  private synchronized void closeResources() {
    try {
      consumer.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the consumer: {}", e.getMessage());
    }
    producer.close(Duration.ofSeconds(10));
    if (model != null) {
      model.close();
      model = null;
    }
    if (shadow != null) {
      shadow.close();
      shadow = null;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Properties consumerProperties(TrainerConfig config) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-consumer");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private static Properties producerProperties(TrainerConfig config) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-producer");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.groupId() + TRANSACTIONAL_ID_SUFFIX);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }
}
