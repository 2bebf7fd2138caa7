package io.seqmia.attacker;

import io.seqmia.attacker.report.ReportWriter;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phases 5 and 6 on Kafka. Holds the target's score vectors per model version; on SCORING_COMPLETE
 * (once it holds the announced count) trains and evaluates the attacks, publishes one verdict per held
 * vector, the AttackReport and ATTACK_COMPLETE; afterwards every new vector of that version gets a verdict
 * as it arrives.
 *
 * <p>It commits no offsets: its state (the vectors, the trained attack) lives in memory, so a restart
 * re-reads both topics from the beginning and re-runs the attack (same seed, same verdicts).
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
  /** A training run blocks polling; allow for it before the group evicts us. */
  private static final int MAX_POLL_INTERVAL_MS = 600_000;
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final AttackerConfig config;
  private final AttackRunner runner;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong verdictsPublished = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();

  /** Target vectors by model version, then sequence id (a re-scored sequence replaces its vector). */
  private final Map<String, LinkedHashMap<String, ScoreVector>> held = new HashMap<>();
  /** The shadow model's vectors by shadow model version, then sequence id. */
  private final Map<String, LinkedHashMap<String, ScoreVector>> heldShadow = new HashMap<>();
  private final ArrayDeque<PendingAttack> pending = new ArrayDeque<>();
  private Map<String, Double> targetMetrics = Map.of();
  /** The latest MODEL_TRAINED attributes (preset, device, checkpoint, versions). */
  private Map<String, String> targetAttributes = Map.of();
  private String trainedModelVersion;
  private volatile AttackRun live;
  private volatile AttackReport lastReport;
  private volatile String lastError;

  private record PendingAttack(String runId, long count, String modelVersion, String shadowVersion,
      long shadowCount, long announcedAtNanos) {}

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
      if (closing.get()) {
        return;
      }
      consumer.subscribe(List.of(config.topics().scoreVectors().name(), config.topics().control().name()));
      LOG.info("attacker: listening on {} and {}", config.topics().scoreVectors().name(),
          config.topics().control().name());
      while (!closing.get()) {
        List<ScoreVector> liveVectors = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(config.pollTimeout())) {
          handle(record, liveVectors);
        }
        publishLive(liveVectors);
        attackWhenReady();
      }
    } catch (WakeupException e) {
      if (!closing.get()) {
        throw e;
      }
    } finally {
      shutdown();
      stopped.countDown();
    }
  }

  /** Verdicts sent and acknowledged by the broker since start. */
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

  private void handle(ConsumerRecord<String, byte[]> record, List<ScoreVector> liveVectors) {
    try {
      if (record.topic().equals(config.topics().control().name())) {
        ControlEvent event = decode(config.topics().control(), record);
        if (event != null) {
          onControl(event);
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
        held.computeIfAbsent(vector.getModelVersion(), v -> new LinkedHashMap<>()).put(vector.getSequenceId(), vector);
        if (live != null && live.targetModelVersion().equals(vector.getModelVersion())) {
          liveVectors.add(vector);
        }
      }
    } catch (RuntimeException e) {
      // one unreadable record must not stop the service
      LOG.warn("attacker: skipping record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.toString());
    }
  }

  private void onControl(ControlEvent event) {
    String version = event.getAttributes().get(MODEL_VERSION);
    switch (event.getType()) {
      case MODEL_TRAINED -> {
        targetMetrics = Map.copyOf(event.getMetrics());
        targetAttributes = Map.copyOf(event.getAttributes());
        trainedModelVersion = version;
        LOG.info("attacker: target model {} trained: {}", version, targetMetrics);
      }
      case SCORING_COMPLETE -> {
        String v = version != null ? version : trainedModelVersion;
        if (v == null || event.getCount() == null) {
          LOG.warn("attacker: SCORING_COMPLETE of run {} lacks {} or count; ignored", event.getRunId(), MODEL_VERSION);
          return;
        }
        String shadowVersion = event.getAttributes().get(SHADOW_MODEL_VERSION);
        long shadowCount = parseCount(event.getAttributes().get(SHADOW_COUNT));
        pending.add(new PendingAttack(event.getRunId(), event.getCount(), v, shadowVersion, shadowCount,
            System.nanoTime()));
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
    List<ScoreVector> vectors = new ArrayList<>(held.getOrDefault(p.modelVersion(), new LinkedHashMap<>()).values());
    List<ScoreVector> shadowVectors = p.shadowVersion() == null ? List.of()
        : new ArrayList<>(heldShadow.getOrDefault(p.shadowVersion(), new LinkedHashMap<>()).values());
    AttackRun run;
    try {
      run = runner.run(vectors, shadowVectors, config.seed(), false, targetMetrics);
    } catch (RuntimeException e) {
      lastError = e.getMessage();
      LOG.error("attacker: attack on model {} failed: {}", p.modelVersion(), e.getMessage());
      publishComplete(p, null, 0, Map.of(STATUS, STATUS_FAILED, ERROR, String.valueOf(e.getMessage())));
      return;
    }
    if (live != null) {
      live.close();
    }
    live = run;
    lastError = null;
    AtomicLong acked = new AtomicLong();
    for (ScoreVector v : vectors) {
      sendVerdict(v, run.memberProbabilities().get(v.getSequenceId()), run, acked);
    }
    producer.flush();
    AttackReport report =
        AttackReports.of(p.runId(), run, targetMetrics, targetAttributes, p.count(), acked.get());
    send(config.topics().attackReports(), p.runId(), report, null);
    producer.flush();
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
    publishComplete(p, run, acked.get(), Map.of(STATUS, STATUS_OK));
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

  /** The run behind the latest report (per-sequence scores for the report's files), or null. */
  public AttackRun lastRun() {
    return live;
  }

  private void publishComplete(PendingAttack p, AttackRun run, long published, Map<String, String> extra) {
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
    producer.flush();
  }

  private void publishLive(List<ScoreVector> vectors) {
    if (vectors.isEmpty()) {
      return;
    }
    for (ScoreVector v : vectors) {
      try {
        sendVerdict(v, live.predict(v), live, null);
      } catch (IllegalArgumentException e) {
        LOG.warn("attacker: no verdict for {}: {}", v.getSequenceId(), e.getMessage());
      }
    }
    producer.flush();
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
        sendFailures.incrementAndGet();
        LOG.error("attacker: could not write {} to {}: {}", key, topic.name(), error.toString());
      } else if (isVerdict) {
        verdictsPublished.incrementAndGet();
        if (acked != null) {
          acked.incrementAndGet();
        }
      }
    });
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
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // control events are written in transactions
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, MAX_POLL_INTERVAL_MS);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-consumer");
    return p;
  }

  private static Properties producerProps(AttackerConfig config) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-producer");
    return p;
  }
}
