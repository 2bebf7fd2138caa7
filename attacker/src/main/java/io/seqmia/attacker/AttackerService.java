package io.seqmia.attacker;

import io.seqmia.kernel.BulkProgress;
import io.seqmia.kernel.KafkaDefaults;
import io.seqmia.kernel.StageLoop;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.ControlAttributes;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
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
 * produced in Kafka transactions (transactional id {@code <attacker.group.id>-tx}) on the kernel's
 * {@link StageLoop}: the bulk output of an attack (verdicts in sequence-id order, then AttackReport and
 * ATTACK_COMPLETE) goes out in chunks of at most {@code attacker.chunk.records} records, live verdicts too, and each
 * commits the consumer's positions under the group id with the attack and target model
 * versions as metadata ({@link VerdictOffsets}); on {@code control} the position is held before any
 * SCORING_COMPLETE not yet acted on. After a restart the attacker reads those offsets: SCORING_COMPLETEs
 * below them were acted on and start no attack; when {@code attacker.model.dir} holds the attack model
 * they name it is loaded and gives live verdicts to the vectors past the committed offsets; without it
 * the attack is re-run (same seed) and only vectors past the committed offsets get verdicts.
 */
public final class AttackerService implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AttackerService.class);
  public static final String SOURCE = "attacker";
  /** SCORING_COMPLETE attributes naming the shadow model and how many vectors it scored. */
  public static final String SHADOW_MODEL_VERSION = ControlAttributes.SHADOW_MODEL_VERSION;
  public static final String SHADOW_COUNT = ControlAttributes.SHADOW_COUNT;
  /** Attribute of MODEL_TRAINED / SCORING_COMPLETE naming the target model version. */
  public static final String MODEL_VERSION = ControlAttributes.MODEL_VERSION;
  /** Attributes of our ATTACK_COMPLETE. */
  public static final String ATTACK_MODEL_VERSION = ControlAttributes.ATTACK_MODEL_VERSION;
  public static final String STATUS = ControlAttributes.STATUS;
  public static final String ERROR = ControlAttributes.ERROR;
  public static final String STATUS_OK = ControlAttributes.STATUS_OK;
  public static final String STATUS_FAILED = ControlAttributes.STATUS_FAILED;
  /** Suffix of the group id that makes the producer's transactional id. */
  public static final String TRANSACTIONAL_ID_SUFFIX = KafkaDefaults.TRANSACTIONAL_ID_SUFFIX;
  /** Verdicts per batch of a bulk or live run (also bounded by the room left in the chunk). */
  static final int VERDICT_BATCH = 500;

  private final AttackerConfig config;
  private final AttackRunner runner;
  private final StageLoop loop;
  private final VerdictPublisher publish;
  /** The attack model and report files an attack leaves under attacker.model.dir and attacker.report.dir. */
  private final AttackFiles files;
  /** Live vectors read but not yet judged. */
  private final LiveVerdicts liveVerdicts;
  /** How far the bulk verdict run under way got (DONE when none is). */
  private BulkProgress bulkProgress = BulkProgress.DONE;

  /** Target vectors by model version until decided: compact rows, and a seeded sample of full vectors. */
  private final HeldVectors held;
  /** A seeded sample (at most attacker.eval.max) of the shadow model's vectors, by shadow model version. */
  private final ShadowSamples heldShadow;
  /** The models' index-to-item mappings (VOCABULARY), for the baselines that read recommended items. */
  private final Vocabularies vocabularies = new Vocabularies();
  /** The control events, and the attacks they announced that are waiting or under way. */
  private final AttackSchedule schedule = new AttackSchedule(vocabularies, this::release);
  /** What was committed before this instance started, and where both topics ended then. */
  private RestartPoint restart = RestartPoint.NONE;
  private boolean caughtUp;
  private volatile AttackRun live;
  private volatile AttackReport lastReport;
  private volatile String lastError;

  public AttackerService(AttackerConfig config) {
    this(config, new KafkaConsumer<>(KafkaDefaults.consumer(config.client(), config.groupId())),
        new KafkaProducer<>(KafkaDefaults.transactionalProducer(config.client(), config.groupId())));
  }

  /**
   * With the clients given (Kafka's {@code MockConsumer}/{@code MockProducer} in phase tests): the consumer as
   * {@link KafkaDefaults#consumer} configures it, the producer transactional.
   */
  public AttackerService(AttackerConfig config, org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
      org.apache.kafka.clients.producer.Producer<String, byte[]> producer) {
    this.config = config;
    this.runner = new AttackRunner(config.threshold(), MlpAttack.Config.defaults());
    this.loop = new StageLoop("attacker", consumer, producer, config.chunk(), List.of(config.topics().scoreVectors().name(),
        config.topics().control().name()), config.pollTimeout(), System::nanoTime);
    this.publish = new VerdictPublisher(loop.out(), config.topics(), config.threshold());
    this.liveVerdicts = new LiveVerdicts(loop, publish);
    this.files = new AttackFiles(config);
    this.held = new HeldVectors(config.evalMax(), config.seed());
    this.heldShadow = new ShadowSamples(config.evalMax(), config.seed());
    loop.bind(new Stage());
  }

  private final class Stage implements StageLoop.Stage {
    @Override
    public void start() {
      resume();
    }

    @Override
    public void onRecord(ConsumerRecord<String, byte[]> record) {
      handle(record);
    }

    @Override
    public void afterPoll() {
      liveVerdicts.publish(live);
      if (!caughtUp) {
        caughtUp = restart.caughtUp(loop.consumer());
      }
      if (caughtUp) {
        attackWhenReady();
      }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> offsets() {
      return committableOffsets();
    }

    @Override
    public void stopped() {
      AttackRun run = live;
      live = null;
      if (run != null) {
        run.close();
      }
    }
  }

  @Override
  public void run() {
    try {
      loop.run();
    } catch (RuntimeException e) {
      lastError = e.getMessage();
      throw e;
    }
  }

  /** The loop and the verdict builder, for {@link AttackerObservation} (health and metrics). */
  StageLoop loop() {
    return loop;
  }

  VerdictPublisher publisher() {
    return publish;
  }

  /** Verdicts in transactions this instance committed. */
  public long verdictsPublished() {
    return loop.out().committed(config.topics().membershipVerdicts().name());
  }

  /** The kernel's transactions: their sizes, and a listener (tests stop the attacker at a chosen record with it). */
  io.seqmia.kernel.ChunkedTransactions transactions() {
    return loop.out();
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
    loop.close();
  }

  /**
   * Reads what an earlier instance committed under the group id; resumes its attack model when
   * {@code attacker.model.dir} holds it.
   */
  private void resume() {
    restart = RestartPoint.read(loop.consumer());
    VerdictOffsets committed = restart.committed();
    if (committed == null) {
      return;
    }
    live = AttackResume.load(config, committed);
    if (live != null) {
      schedule.attacked(committed.targetModelVersion());
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    try {
      if (record.topic().equals(config.topics().control().name())) {
        ControlEvent event = decode(config.topics().control(), record);
        if (event != null) {
          schedule.onControl(event, partition, record.offset(), restart);
        }
      } else {
        ScoreVector vector = decode(config.topics().scoreVectors(), record);
        if (vector == null) {
          return;
        }
        ModelRole role = ModelRoles.of(vector);
        if (role == ModelRole.SHADOW) {
          // training data of the shadow-mode attacks (a bounded seeded sample); never given a verdict
          heldShadow.offer(vector);
          return;
        }
        if (role != ModelRole.TARGET) { // a role of a later release
          return;
        }
        AttackRun run = live;
        if (run != null && run.targetModelVersion().equals(vector.getModelVersion())) {
          // Decided on arrival (live), or before a restart: not held.
          HeldVectors.Held h = LiveVerdicts.row(run, vector, partition, record.offset());
          if (!restart.verdictCommitted(run, h)) {
            liveVerdicts.add(h);
          }
          return;
        }
        held.hold(vector, partition, record.offset()); // until its version's attack (a released version: dropped)
      }
    } catch (RuntimeException e) {
      // one unreadable record must not stop the service: it goes to the dead-letter topic with its coordinates
      LOG.warn("attacker: unreadable record {}-{}@{} sent to {}: {}", record.topic(), record.partition(),
          record.offset(), config.topics().deadLetters().name(), e.toString());
      loop.deadLetter(config.topics().deadLetters(), SOURCE, record, e);
    }
  }

  private void attackWhenReady() {
    while (schedule.next() != null) {
      AttackSchedule.PendingAttack p = schedule.next();
      int have = held.size(p.modelVersion());
      VectorSample shadowSample = heldShadow.of(p.shadowVersion());
      int haveShadow = shadowSample == null ? 0 : shadowSample.seen();
      boolean timedOut = System.nanoTime() - p.announcedAtNanos() > config.waitTimeout().toNanos();
      if ((have < p.count() || haveShadow < p.shadowCount()) && !timedOut) {
        return;
      }
      if (have < p.count()) {
        LOG.warn("attacker: waited {} for model {}'s {} vectors, have {}; attacking with those",
            config.waitTimeout(), p.modelVersion(), p.count(), have);
      }
      schedule.take();
      attack(p);
    }
  }

  private void attack(AttackSchedule.PendingAttack p) {
    // In sequence-id order: the order partitions were fetched in must not change the model, so a re-run
    // after a restart on the same vectors trains the same model (and the bulk run's progress is an id).
    // The attacks train and evaluate on a seeded sample (at most attacker.eval.max); every held vector gets a verdict.
    List<HeldVectors.Held> heldVectors = held.sorted(p.modelVersion());
    List<ScoreVector> vectors = held.sample(p.modelVersion());
    VectorSample shadowSample = heldShadow.of(p.shadowVersion());
    List<ScoreVector> shadowVectors = shadowSample == null ? List.of() : shadowSample.vectors();
    vocabularies.resolve(vectors);
    vocabularies.resolve(shadowVectors);
    FeatureMatrix columns = held.columns(p.modelVersion());
    Map<String, Double> metrics = schedule.metricsOf(p.modelVersion());
    Map<String, String> attributes = schedule.attributesOf(p.modelVersion());
    AttackRun run;
    try {
      run = runner.run(vectors, shadowVectors, config.seed(), false, metrics,
          vocabularies.inVocabulary(p.modelVersion()));
    } catch (RuntimeException e) {
      lastError = e.getMessage();
      LOG.error("attacker: attack on model {} failed: {}", p.modelVersion(), e.getMessage());
      if (p.handledBefore()) {
        return; // its result was published before the restart; do not contradict it
      }
      publish.complete(p.runId(), p.modelVersion(), null, 0, Map.of(STATUS, STATUS_FAILED, ERROR,
          String.valueOf(e.getMessage())));
      loop.commit();
      return;
    }
    // The same attack version as the committed one: part or all of its output is out already (its model was not
    // saved, or its bulk run was interrupted, so it was trained again); only what was not committed goes out now.
    boolean finishedBefore = restart.finished(run);
    files.saveModel(run);
    AttackRun previous = live;
    live = run;
    if (previous != null) {
      previous.close();
    }
    schedule.attacked(p.modelVersion());
    lastError = null;
    List<HeldVectors.Held> todo = new ArrayList<>();
    for (HeldVectors.Held h : heldVectors) {
      if (!restart.verdictCommitted(run, h)) {
        todo.add(h);
      }
    }
    long before = heldVectors.size() - todo.size();
    schedule.started(p);
    bulkProgress = BulkProgress.start(VerdictOffsets.PHASE);
    publish.takeLatency(); // the bulk run's latency starts here (live verdicts of an earlier version are not in it)
    int sent = loop.inBatches(todo, VERDICT_BATCH, batch -> {
      Double[] probability = run.probabilities(batch, columns);
      for (int i = 0; i < batch.size(); i++) {
        if (probability[i] != null) {
          publish.verdict(batch.get(i), probability[i], run);
        } else {
          LOG.warn("attacker: no verdict for {}: its features are unusable", batch.get(i).sequenceId());
        }
      }
      bulkProgress = new BulkProgress(VerdictOffsets.PHASE, batch.get(batch.size() - 1).sequenceId());
    });
    if (loop.closing()) {
      return; // the open chunk is aborted; a restart re-runs the attack and publishes what was not committed
    }
    long published = before + sent;
    AttackReport report = null;
    if (!finishedBefore) {
      report = AttackReports.of(p.runId(), run, metrics, attributes, p.count(), published);
      report.setSample(AttackReports.sample(heldVectors.size(), vectors.size(), config.evalMax(), config.seed(),
          shadowSample));
      report.setVerdictLatencyMs(publish.takeLatency());
      report.setSeries(new java.util.HashMap<>(schedule.seriesOf(p.modelVersion())));
      publish.report(p.runId(), report);
      publish.complete(p.runId(), p.modelVersion(), run, published, Map.of(STATUS, STATUS_OK));
    }
    bulkProgress = BulkProgress.DONE;
    schedule.finished();
    loop.commit();
    release(p.modelVersion(), p.shadowVersion()); // decided: the verdicts are committed
    if (finishedBefore) {
      LOG.info("attacker: attack model {} trained again after a restart (it was not saved): {} verdicts were"
          + " committed before, {} later vectors got theirs now; no second report", run.attackModelVersion(), before,
          sent);
      return;
    }
    lastReport = report;
    files.writeReport(report, p.count(), published, run);
    LOG.info("attacker: model {}: {} verdicts published of {} expected ({} before a restart); largest transaction {}"
        + " records; {}", p.modelVersion(), published, p.count(), before, loop.out().largestTransaction(),
        run.result(AttackRunner.MLP, AttackRunner.NEGATIVES_ALL).map(r -> "MLP AUC " + r.getAuc()).orElse(""));
  }

  /** Forgets a decided version's vectors, its shadow's sample and both mappings; later vectors of them are dropped. */
  private void release(String version, String shadowVersion) {
    held.release(version);
    vocabularies.release(version);
    if (shadowVersion != null) {
      heldShadow.release(shadowVersion);
      vocabularies.release(shadowVersion);
    }
  }

  /**
   * The consumer's positions with the metadata naming the attack model whose verdicts they cover and how far its
   * bulk run got. On {@code score-vectors}: the position once a model gives verdicts, else the committed offset
   * stays. On {@code control}: the position, held before the first SCORING_COMPLETE still waiting for (or in the
   * middle of) its attack. Never below what was committed before this instance started (its re-read starts at 0).
   */
  private Map<TopicPartition, OffsetAndMetadata> committableOffsets() {
    AttackRun basis = live;
    VerdictOffsets committed = restart.committed();
    String attack = basis != null ? basis.attackModelVersion() : committed != null ? committed.attackModelVersion() : null;
    if (attack == null) {
      return Map.of();
    }
    String target = basis != null ? basis.targetModelVersion() : committed.targetModelVersion();
    BulkProgress progress = schedule.underWay() ? bulkProgress : basis != null ? BulkProgress.DONE : committed.progress();
    String metadata = new VerdictOffsets(attack, target, progress, Map.of()).metadata();
    String control = config.topics().control().name();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : loop.consumer().assignment()) {
      long before = restart.floor(tp);
      long at;
      if (tp.topic().equals(control)) {
        at = Math.min(loop.consumer().position(tp), schedule.firstWaiting(tp));
      } else {
        at = basis != null ? liveVerdicts.commitOffset(tp, loop.consumer().position(tp)) : before;
      }
      offsets.put(tp, new OffsetAndMetadata(Math.max(at, before), metadata));
    }
    return offsets;
  }

  private static <V> V decode(Topic<String, V> topic, ConsumerRecord<String, byte[]> record) {
    return record.value() == null ? null : topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
  }
}
