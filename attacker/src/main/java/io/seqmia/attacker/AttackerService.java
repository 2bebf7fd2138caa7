package io.seqmia.attacker;

import io.seqmia.attacker.report.ReportWriter;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * Phases 5 and 6 on Kafka. Holds the target's score vectors per model version (and the shadow model's per
 * shadow version); on SCORING_COMPLETE (once it holds the announced count) trains and evaluates the attacks,
 * publishes one verdict per held vector, the AttackReport and ATTACK_COMPLETE; afterwards every new vector
 * of that version gets a verdict as it arrives.
 *
 * <p><b>One verdict per sequence per attack model version, also across restarts.</b> The consumer assigns
 * itself every partition of {@code score-vectors} and {@code control} and reads from the beginning (a later
 * SCORING_COMPLETE needs every vector of its version, also those read before a restart). Verdicts are
 * produced in Kafka transactions (transactional id {@code <attacker.group.id>-tx}): the bulk output of an
 * attack (verdicts, AttackReport, ATTACK_COMPLETE) is one, each live micro-batch (what one poll returned)
 * another, and each commits the consumer's positions under the group id with the attack and target model
 * versions as metadata ({@link VerdictOffsets}); on {@code control} the position is held before any
 * SCORING_COMPLETE not yet acted on. After a restart the attacker reads those offsets: SCORING_COMPLETEs
 * below them were acted on and start no attack; when {@code attacker.model.dir} holds the attack model
 * they name it is loaded and gives live verdicts to the vectors past the committed offsets; without it
 * the attack is re-run (same seed) and only vectors past the committed offsets get verdicts.
 */
public final class AttackerService implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AttackerService.class);
  public static final String SOURCE = "attacker";
  public static final String TARGET_ROLE = "target";
  public static final String SHADOW_ROLE = "shadow";
  /** SCORING_COMPLETE attributes naming the shadow model and how many vectors it scored. */
  public static final String SHADOW_MODEL_VERSION = "shadowModelVersion";
  public static final String SHADOW_COUNT = "shadowCount";
  /** Attribute of MODEL_TRAINED / SCORING_COMPLETE naming the target model version. */
  public static final String MODEL_VERSION = "modelVersion";
  /** Attributes of our ATTACK_COMPLETE. */
  public static final String ATTACK_MODEL_VERSION = "attackModelVersion";
  public static final String STATUS = "status";
  public static final String ERROR = "error";
  public static final String STATUS_OK = "ok";
  public static final String STATUS_FAILED = "failed";
  /** Suffix of the group id that makes the producer's transactional id. */
  public static final String TRANSACTIONAL_ID_SUFFIX = "-tx";
  /**
   * A transaction spans only sending (the attack trains before it begins); generous for millions of
   * verdicts, under the broker's default {@code transaction.max.timeout.ms} (15 minutes).
   */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration TOPIC_WAIT = Duration.ofMillis(500);
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final AttackerConfig config;
  private final AttackRunner runner;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong verdictsPublished = new AtomicLong();
  /** Verdicts acknowledged inside the open transaction; they count once it commits. */
  private final AtomicLong pendingVerdicts = new AtomicLong();

  /** Target vectors by model version, then sequence id (a re-scored sequence replaces its vector). */
  private final Map<String, LinkedHashMap<String, HeldVector>> held = new HashMap<>();
  /** The shadow model's vectors by shadow model version, then sequence id. */
  private final Map<String, LinkedHashMap<String, ScoreVector>> heldShadow = new HashMap<>();
  private final ArrayDeque<PendingAttack> pending = new ArrayDeque<>();
  /** Target versions attacked by this instance (or whose saved attack model it resumed): never again. */
  private final Set<String> attackedTargets = new HashSet<>();
  /** MODEL_TRAINED metrics and attributes by target version, and the latest (for events without a version). */
  private final Map<String, Map<String, Double>> metricsByVersion = new HashMap<>();
  private final Map<String, Map<String, String>> attributesByVersion = new HashMap<>();
  private Map<String, Double> targetMetrics = Map.of();
  private Map<String, String> targetAttributes = Map.of();
  private String trainedModelVersion;
  /** What was committed before this instance started (null: nothing), and its offsets per partition. */
  private VerdictOffsets committed;
  private Map<TopicPartition, Long> floor = Map.of();
  /** Where both topics ended when this instance started: no attack runs before the re-read gets there. */
  private Map<TopicPartition, Long> catchUpTo = Map.of();
  private boolean caughtUp;
  private boolean inTransaction;
  private volatile AttackRun live;
  private volatile AttackReport lastReport;
  private volatile String lastError;

  /** A held target vector and where it was read (whether its verdict was committed before a restart). */
  private record HeldVector(ScoreVector vector, TopicPartition partition, long offset) {}

  /**
   * @param handledBefore the SCORING_COMPLETE lies below the committed control offset: its attack was
   *     published before a restart, and the attack runs again only because its model was not saved
   */
  private record PendingAttack(String runId, long count, String modelVersion, String shadowVersion,
      long shadowCount, long announcedAtNanos, TopicPartition controlPartition, long controlOffset,
      boolean handledBefore) {}

  public AttackerService(AttackerConfig config) {
    this.config = config;
    this.runner = new AttackRunner(config.threshold(), MlpAttack.Config.defaults());
    this.consumer = new KafkaConsumer<>(consumerProps(config), new StringDeserializer(), new ByteArrayDeserializer());
    this.producer = new KafkaProducer<>(producerProps(config), new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public void run() {
    if (!started.compareAndSet(false, true)) {
      if (closing.get()) {
        return; // closed before it ran
      }
      throw new IllegalStateException("attacker service is already running");
    }
    try {
      if (closing.get() || !assignAll()) {
        return;
      }
      // Fences an earlier instance with the same transactional id and aborts what it left open, so the
      // committed offsets read next are final.
      producer.initTransactions();
      resume();
      while (!closing.get()) {
        List<HeldVector> liveVectors = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(config.pollTimeout())) {
          handle(record, liveVectors);
        }
        publishLive(liveVectors);
        if (!caughtUp) {
          caughtUp = caughtUp();
        }
        if (caughtUp) {
          attackWhenReady();
        }
      }
    } catch (WakeupException e) {
      if (!closing.get()) {
        throw e;
      }
    } catch (RuntimeException e) {
      lastError = e.getMessage();
      LOG.error("attacker service failed", e);
      throw e;
    } finally {
      abortOpenTransaction();
      shutdown();
      stopped.countDown();
    }
  }

  /** Verdicts in transactions this instance committed. */
  public long verdictsPublished() {
    return verdictsPublished.get();
  }

  /** The latest AttackReport published, or null. */
  public AttackReport lastReport() {
    return lastReport;
  }

  /** Why the latest attack failed, or null. */
  public String lastError() {
    return lastError;
  }

  /**
   * The run giving live verdicts now, or null: after an attack the one behind the latest report (per-sequence
   * scores for the report's files); after a restart that resumed a saved model, that model (no results, no
   * artefacts).
   */
  public AttackRun lastRun() {
    return live;
  }

  @Override
  public void close() {
    if (closing.getAndSet(true) && stopped.getCount() == 0) {
      return;
    }
    if (started.compareAndSet(false, true)) {
      // never ran: nothing polls, release the clients here
      shutdown();
      stopped.countDown();
      return;
    }
    consumer.wakeup();
    try {
      if (!stopped.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("attacker: did not stop within {} s", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Assigns every partition of both topics, from the beginning; false if closed while waiting for them. */
  private boolean assignAll() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(config.topics().scoreVectors().name(), config.topics().control().name())) {
      List<PartitionInfo> infos = waitForTopic(topic);
      if (infos == null) {
        return false;
      }
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    LOG.info("attacker: reading {} partitions of {} and {}", partitions.size(),
        config.topics().scoreVectors().name(), config.topics().control().name());
    return true;
  }

  private List<PartitionInfo> waitForTopic(String name) {
    boolean warned = false;
    while (!closing.get()) {
      List<PartitionInfo> infos = consumer.partitionsFor(name);
      if (infos != null && !infos.isEmpty()) {
        return infos;
      }
      if (!warned) {
        LOG.warn("attacker: topic {} does not exist yet; waiting for it (create the topics first)", name);
        warned = true;
      }
      try {
        Thread.sleep(TOPIC_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /**
   * Reads what an earlier instance committed under the group id; resumes its attack model when
   * {@code attacker.model.dir} holds it.
   */
  private void resume() {
    Set<TopicPartition> partitions = consumer.assignment();
    catchUpTo = consumer.endOffsets(partitions);
    VerdictOffsets c = VerdictOffsets.of(consumer.committed(partitions));
    if (c == null) {
      return; // nothing committed under this group id: a fresh start
    }
    committed = c;
    floor = c.offsets();
    Path dir = config.modelDir() == null ? null : AttackCheckpoint.directoryFor(config.modelDir(), c.attackModelVersion());
    if (dir == null || !AttackCheckpoint.isCheckpoint(dir)) {
      LOG.warn("attacker: verdicts of attack model {} on target {} were committed (group {}), but {}; the attack"
          + " runs again when its SCORING_COMPLETE is re-read, and only vectors past offsets {} get verdicts",
          c.attackModelVersion(), c.targetModelVersion(), config.groupId(),
          dir == null ? "no " + AttackerConfig.MODEL_DIR + " is set" : "there is no saved attack model in " + dir,
          floor);
      return;
    }
    AttackRun loaded;
    try {
      loaded = AttackCheckpoint.load(dir);
    } catch (RuntimeException e) {
      LOG.error("attacker: cannot load the saved attack model in {} ({}); the attack runs again instead", dir,
          e.getMessage());
      return;
    }
    if (!loaded.attackModelVersion().equals(c.attackModelVersion())
        || !loaded.targetModelVersion().equals(c.targetModelVersion())) {
      LOG.error("attacker: {} holds attack model {} on target {}, not {} on {}; the attack runs again instead", dir,
          loaded.attackModelVersion(), loaded.targetModelVersion(), c.attackModelVersion(), c.targetModelVersion());
      loaded.close();
      return;
    }
    live = loaded;
    attackedTargets.add(c.targetModelVersion());
    LOG.info("attacker: resumed attack model {} on target {} from {} without re-attacking; verdicts below offsets {}"
        + " were committed, later vectors get theirs live", c.attackModelVersion(), c.targetModelVersion(), dir, floor);
  }

  /** Whether the re-read has reached where both topics ended at start (called after a poll). */
  private boolean caughtUp() {
    for (Map.Entry<TopicPartition, Long> e : catchUpTo.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code run}'s verdict for the vector at that offset was committed before this instance started. */
  private boolean verdictCommitted(AttackRun run, TopicPartition partition, long offset) {
    return committed != null && run.attackModelVersion().equals(committed.attackModelVersion())
        && offset < floor.getOrDefault(partition, 0L);
  }

  private void handle(ConsumerRecord<String, byte[]> record, List<HeldVector> liveVectors) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    try {
      if (record.topic().equals(config.topics().control().name())) {
        ControlEvent event = decode(config.topics().control(), record);
        if (event != null) {
          onControl(event, partition, record.offset());
        }
      } else {
        ScoreVector vector = decode(config.topics().scoreVectors(), record);
        if (vector == null) {
          return;
        }
        if (SHADOW_ROLE.equals(vector.getModelRole())) {
          // training data of the shadow-mode attacks; never given a verdict
          heldShadow.computeIfAbsent(vector.getModelVersion(), v -> new LinkedHashMap<>())
              .put(vector.getSequenceId(), vector);
          return;
        }
        if (!TARGET_ROLE.equals(vector.getModelRole())) {
          return;
        }
        HeldVector h = new HeldVector(vector, partition, record.offset());
        held.computeIfAbsent(vector.getModelVersion(), v -> new LinkedHashMap<>()).put(vector.getSequenceId(), h);
        AttackRun run = live;
        if (run != null && run.targetModelVersion().equals(vector.getModelVersion())
            && !verdictCommitted(run, partition, record.offset())) {
          liveVectors.add(h);
        }
      }
    } catch (RuntimeException e) {
      // one unreadable record must not stop the service
      LOG.warn("attacker: skipping record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.toString());
    }
  }

  private void onControl(ControlEvent event, TopicPartition partition, long offset) {
    String version = event.getAttributes().get(MODEL_VERSION);
    switch (event.getType()) {
      case MODEL_TRAINED -> {
        targetMetrics = Map.copyOf(event.getMetrics());
        targetAttributes = Map.copyOf(event.getAttributes());
        trainedModelVersion = version;
        if (version != null) {
          metricsByVersion.put(version, targetMetrics);
          attributesByVersion.put(version, targetAttributes);
        }
        LOG.info("attacker: target model {} trained: {}", version, targetMetrics);
      }
      case SCORING_COMPLETE -> {
        String v = version != null ? version : trainedModelVersion;
        if (v == null || event.getCount() == null) {
          LOG.warn("attacker: SCORING_COMPLETE of run {} lacks {} or count; ignored", event.getRunId(), MODEL_VERSION);
          return;
        }
        if (attackedTargets.contains(v) || pending.stream().anyMatch(p -> p.modelVersion().equals(v))) {
          LOG.info("attacker: model {} is attacked already (or waiting); SCORING_COMPLETE of run {} ignored", v,
              event.getRunId());
          return;
        }
        boolean handledBefore = offset < floor.getOrDefault(partition, 0L);
        if (handledBefore && !v.equals(committed.targetModelVersion())) {
          LOG.info("attacker: SCORING_COMPLETE of model {} was acted on before the restart; not attacking again", v);
          return;
        }
        String shadowVersion = event.getAttributes().get(SHADOW_MODEL_VERSION);
        long shadowCount = parseCount(event.getAttributes().get(SHADOW_COUNT));
        pending.add(new PendingAttack(event.getRunId(), event.getCount(), v, shadowVersion, shadowCount,
            System.nanoTime(), partition, offset, handledBefore));
        LOG.info("attacker: scoring of model {} complete: {} vectors announced", v, event.getCount());
      }
      default -> { }
    }
  }

  private void attackWhenReady() {
    while (!pending.isEmpty()) {
      PendingAttack p = pending.peek();
      int have = held.getOrDefault(p.modelVersion(), new LinkedHashMap<>()).size();
      int haveShadow = p.shadowVersion() == null ? 0
          : heldShadow.getOrDefault(p.shadowVersion(), new LinkedHashMap<>()).size();
      boolean timedOut = System.nanoTime() - p.announcedAtNanos() > config.waitTimeout().toNanos();
      if ((have < p.count() || haveShadow < p.shadowCount()) && !timedOut) {
        return;
      }
      if (have < p.count()) {
        LOG.warn("attacker: waited {} for model {}'s {} vectors, have {}; attacking with those",
            config.waitTimeout(), p.modelVersion(), p.count(), have);
      }
      pending.poll();
      attack(p);
    }
  }

  private void attack(PendingAttack p) {
    // In sequence-id order: the order partitions were fetched in must not change the model, so a re-run
    // after a restart on the same vectors trains the same model.
    List<HeldVector> heldVectors = new ArrayList<>(held.getOrDefault(p.modelVersion(), new LinkedHashMap<>()).values());
    heldVectors.sort(Comparator.comparing(h -> h.vector().getSequenceId()));
    List<ScoreVector> vectors = heldVectors.stream().map(HeldVector::vector).toList();
    List<ScoreVector> shadowVectors = p.shadowVersion() == null ? List.of()
        : heldShadow.getOrDefault(p.shadowVersion(), new LinkedHashMap<>()).values().stream()
            .sorted(Comparator.comparing(ScoreVector::getSequenceId)).toList();
    Map<String, Double> metrics = metricsByVersion.getOrDefault(p.modelVersion(), targetMetrics);
    Map<String, String> attributes = attributesByVersion.getOrDefault(p.modelVersion(), targetAttributes);
    AttackRun run;
    try {
      run = runner.run(vectors, shadowVectors, config.seed(), false, metrics);
    } catch (RuntimeException e) {
      lastError = e.getMessage();
      LOG.error("attacker: attack on model {} failed: {}", p.modelVersion(), e.getMessage());
      if (p.handledBefore()) {
        return; // its result was published before the restart; do not contradict it
      }
      beginTransaction();
      sendComplete(p, null, 0, Map.of(STATUS, STATUS_FAILED, ERROR, String.valueOf(e.getMessage())));
      commitTransaction();
      return;
    }
    // The same attack version as the committed one: its verdicts and report are out already (the model was
    // not saved, so it was trained again); only vectors past the committed offsets get theirs now.
    boolean rerun = committed != null && run.attackModelVersion().equals(committed.attackModelVersion());
    save(run);
    AttackRun previous = live;
    live = run;
    if (previous != null) {
      previous.close();
    }
    attackedTargets.add(p.modelVersion());
    lastError = null;
    AtomicLong acked = new AtomicLong();
    long before = 0;
    beginTransaction();
    for (HeldVector h : heldVectors) {
      if (rerun && verdictCommitted(run, h.partition(), h.offset())) {
        before++;
        continue;
      }
      sendVerdict(h.vector(), run.memberProbabilities().get(h.vector().getSequenceId()), run, acked);
    }
    producer.flush();
    AttackReport report = null;
    if (!rerun) {
      report = AttackReports.of(p.runId(), run, metrics, attributes, p.count(), acked.get());
      send(config.topics().attackReports(), p.runId(), report, null);
      sendComplete(p, run, acked.get(), Map.of(STATUS, STATUS_OK));
    }
    commitTransaction();
    if (rerun) {
      LOG.info("attacker: attack model {} trained again after a restart (it was not saved): {} verdicts were"
          + " committed before, {} later vectors got theirs now; no second report", run.attackModelVersion(), before,
          acked.get());
      return;
    }
    lastReport = report;
    if (config.reportDir() != null) {
      try {
        ReportWriter.write(config.reportDir(), report, Map.of(), Map.of(), p.count(), acked.get(), run.artefacts(),
            run.skipped(), config.seed());
        LOG.info("attacker: report written to {}", config.reportDir());
      } catch (RuntimeException e) {
        LOG.error("attacker: could not write the report to {}: {}", config.reportDir(), e.toString());
      }
    }
    LOG.info("attacker: model {}: {} verdicts published of {} expected; {}", p.modelVersion(), acked.get(), p.count(),
        run.result(AttackRunner.MLP, AttackRunner.NEGATIVES_ALL).map(r -> "MLP AUC " + r.getAuc()).orElse(""));
  }

  /** Saves the run's labelled-mode MLP under attacker.model.dir; a failed save only costs a re-attack later. */
  private void save(AttackRun run) {
    if (config.modelDir() == null) {
      return;
    }
    Path dir = AttackCheckpoint.directoryFor(config.modelDir(), run.attackModelVersion());
    try {
      AttackCheckpoint.save(run, dir);
      LOG.info("attacker: attack model {} saved in {}", run.attackModelVersion(), dir);
    } catch (RuntimeException e) {
      LOG.error("attacker: could not save attack model {} in {} ({}); a restart will train it again",
          run.attackModelVersion(), dir, e.toString());
    }
  }

  private static long parseCount(String raw) {
    if (raw == null) {
      return 0;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      LOG.warn("attacker: ignoring unreadable {} '{}'", SHADOW_COUNT, raw);
      return 0;
    }
  }

  private void sendComplete(PendingAttack p, AttackRun run, long published, Map<String, String> extra) {
    Map<String, String> attributes = new HashMap<>(extra);
    attributes.put(MODEL_VERSION, p.modelVersion());
    Map<String, Double> metrics = new HashMap<>();
    if (run != null) {
      attributes.put(ATTACK_MODEL_VERSION, run.attackModelVersion());
      run.result(AttackRunner.MLP, AttackRunner.NEGATIVES_ALL).ifPresent(r -> metrics.put("mlpAuc", r.getAuc()));
      run.result(AttackRunner.LOSS_THRESHOLD, AttackRunner.NEGATIVES_ALL)
          .ifPresent(r -> metrics.put("lossThresholdAuc", r.getAuc()));
    }
    ControlEvent done = ControlEvent.newBuilder()
        .setType(ControlType.ATTACK_COMPLETE)
        .setRunId(p.runId())
        .setSource(SOURCE)
        .setTimestamp(Instant.now())
        .setCount(published)
        .setMetrics(metrics)
        .setAttributes(attributes)
        .build();
    send(config.topics().control(), p.runId(), done, null);
  }

  /** One transaction: the verdicts of what one poll brought, and the positions they cover. */
  private void publishLive(List<HeldVector> vectors) {
    if (vectors.isEmpty()) {
      return;
    }
    AttackRun run = live;
    beginTransaction();
    for (HeldVector h : vectors) {
      try {
        sendVerdict(h.vector(), run.predict(h.vector()), run, null);
      } catch (IllegalArgumentException e) {
        LOG.warn("attacker: no verdict for {}: {}", h.vector().getSequenceId(), e.getMessage());
      }
    }
    commitTransaction();
  }

  private void sendVerdict(ScoreVector v, double probability, AttackRun run, AtomicLong acked) {
    Instant now = Instant.now();
    long produced = v.getSequenceTime() != null ? v.getSequenceTime() : v.getScoredAt().toEpochMilli();
    MembershipVerdict verdict = MembershipVerdict.newBuilder()
        .setSequenceId(v.getSequenceId())
        .setMemberProbability(probability)
        .setMember(probability >= config.threshold())
        .setThreshold(config.threshold())
        .setAttackName(AttackRunner.MLP)
        .setAttackMode(AttackRunner.MLP_MODE)
        .setAttackModelVersion(run.attackModelVersion())
        .setTargetModelVersion(v.getModelVersion())
        .setGroundTruth(v.getMember())
        .setUsedForTraining(run.usedForTraining().contains(v.getSequenceId()))
        .setVariant(v.getVariant())
        .setDecidedAt(now)
        .setLatencyMs(now.toEpochMilli() - produced)
        .build();
    send(config.topics().membershipVerdicts(), v.getSequenceId(), verdict, acked);
  }

  private <V> void send(Topic<String, V> topic, String key, V value, AtomicLong acked) {
    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
    boolean isVerdict = topic.name().equals(config.topics().membershipVerdicts().name());
    producer.send(new ProducerRecord<>(topic.name(), key, bytes), (metadata, error) -> {
      if (error != null) {
        // the transaction cannot commit now; commitTransaction throws and the service stops
        LOG.error("attacker: could not write {} to {}: {}", key, topic.name(), error.toString());
      } else if (isVerdict) {
        pendingVerdicts.incrementAndGet();
        if (acked != null) {
          acked.incrementAndGet();
        }
      }
    });
  }

  private void beginTransaction() {
    producer.beginTransaction();
    inTransaction = true;
  }

  /**
   * Commits the open transaction with the consumer's positions, the metadata naming the attack model whose
   * verdicts they cover. On {@code score-vectors}: the position once a model gives verdicts (every vector of
   * its version read so far has one), else the committed offset stays. On {@code control}: the position,
   * held before the first SCORING_COMPLETE still waiting for its attack. Never below what was committed
   * before this instance started (its re-read starts at offset 0).
   */
  private void commitTransaction() {
    AttackRun basis = live;
    String attack = basis != null ? basis.attackModelVersion() : committed != null ? committed.attackModelVersion() : null;
    if (attack != null) {
      String target = basis != null ? basis.targetModelVersion() : committed.targetModelVersion();
      String metadata = new VerdictOffsets(attack, target, Map.of()).metadata();
      String control = config.topics().control().name();
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (TopicPartition tp : consumer.assignment()) {
        long before = floor.getOrDefault(tp, 0L);
        long at;
        if (tp.topic().equals(control)) {
          at = Math.min(consumer.position(tp), firstWaiting(tp));
        } else {
          at = basis != null ? consumer.position(tp) : before;
        }
        offsets.put(tp, new OffsetAndMetadata(Math.max(at, before), metadata));
      }
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
    }
    producer.commitTransaction();
    inTransaction = false;
    verdictsPublished.addAndGet(pendingVerdicts.getAndSet(0));
  }

  /** Offset of the first SCORING_COMPLETE on that control partition still waiting for its attack. */
  private long firstWaiting(TopicPartition tp) {
    long first = Long.MAX_VALUE;
    for (PendingAttack p : pending) {
      if (!p.handledBefore() && p.controlPartition().equals(tp)) {
        first = Math.min(first, p.controlOffset());
      }
    }
    return first;
  }

  private void abortOpenTransaction() {
    if (!inTransaction) {
      return;
    }
    inTransaction = false;
    pendingVerdicts.set(0);
    try {
      producer.abortTransaction();
      LOG.info("attacker: aborted the open transaction; its verdicts are discarded and will be published again");
    } catch (RuntimeException e) {
      LOG.warn("attacker: could not abort the open transaction: {}", e.getMessage());
    }
  }

  private static <V> V decode(Topic<String, V> topic, ConsumerRecord<String, byte[]> record) {
    return record.value() == null ? null : topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
  }

  private void shutdown() {
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.warn("attacker: closing consumer: {}", e.toString());
    }
    try {
      producer.close(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      LOG.warn("attacker: closing producer: {}", e.toString());
    }
    if (live != null) {
      live.close();
      live = null;
    }
  }

  private static Properties consumerProps(AttackerConfig config) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    // no group membership (partitions are assigned); the group id names the committed offsets
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    // the trainer's output and our own verdicts' offsets are transactional
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-consumer");
    return p;
  }

  private static Properties producerProps(AttackerConfig config) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.groupId() + TRANSACTIONAL_ID_SUFFIX);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-producer");
    return p;
  }
}
