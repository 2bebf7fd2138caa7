package io.seqmia.attacker;

import io.seqmia.schemas.Topics;
import java.time.Duration;
import java.util.Properties;
import io.seqmia.kernel.ChunkLimits;
import io.seqmia.kernel.ClientSettings;
import io.seqmia.kernel.StageConfigDef;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * What the attacker service needs. Keys of {@link #fromProperties}: {@value #BOOTSTRAP_SERVERS} (required),
 * {@value #TOPIC_PREFIX}, and the {@code attacker.*} keys below; an unknown {@code attacker.*} key is an
 * error (a typo would otherwise be silently ignored).
 *
 * @param waitTimeout how long after SCORING_COMPLETE to wait for all announced vectors before attacking
 *     with what has arrived
 * @param reportDir where each attack run writes its report files (report.json, report.md, plots,
 *     attack-scores.csv); null: none (the AttackReport is still published)
 * @param modelDir where each attack's labelled-mode MLP is saved, one folder per attack model version, so a
 *     restart gives live verdicts with the same model instead of re-attacking; null: not saved
 * @param chunk the most records per transaction ({@value #CHUNK_RECORDS}) and the time after which it is committed
 *     at the next batch boundary ({@value #CHUNK_MS}): the bulk verdict run of an attack goes out in such chunks
 * @param evalMax the attacks train and evaluate on a seeded sample of at most this many target vectors (and as many
 *     shadow vectors) of a model version ({@value #EVAL_MAX}); every scored vector still gets a verdict
 * @param kafka client settings for every client of the attacker (security, ...): the {@code kafka.*} keys with the
 *     prefix removed ({@link ClientSettings})
 */
public record AttackerConfig(String bootstrapServers, Topics topics, String groupId, long seed, double threshold,
    Duration pollTimeout, Duration waitTimeout, java.nio.file.Path reportDir, java.nio.file.Path modelDir,
    ChunkLimits chunk, int evalMax, java.util.Map<String, String> kafka) {

  public static final String BOOTSTRAP_SERVERS = StageConfigDef.BOOTSTRAP_SERVERS;
  public static final String TOPIC_PREFIX = StageConfigDef.TOPIC_PREFIX;
  public static final String GROUP_ID = "attacker.group.id";
  public static final String SEED = "attacker.seed";
  public static final String THRESHOLD = "attacker.threshold";
  public static final String POLL_TIMEOUT_MS = "attacker.poll.timeout.ms";
  public static final String WAIT_TIMEOUT_MS = "attacker.wait.timeout.ms";
  public static final String REPORT_DIR = "attacker.report.dir";
  public static final String MODEL_DIR = "attacker.model.dir";
  public static final String CHUNK_RECORDS = "attacker" + ChunkLimits.RECORDS_SUFFIX;
  public static final String CHUNK_MS = "attacker" + ChunkLimits.TIME_SUFFIX;
  public static final String EVAL_MAX = "attacker.eval.max";
  public static final int DEFAULT_EVAL_MAX = 200_000;

  public static final String DEFAULT_GROUP_ID = "seqmia-attacker";
  public static final long DEFAULT_SEED = 42;
  public static final double DEFAULT_THRESHOLD = AttackRunner.DEFAULT_THRESHOLD;
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(200);
  public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMinutes(2);

  public AttackerConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("attacker: set " + BOOTSTRAP_SERVERS + " (e.g. localhost:9092)");
    }
    if (topics == null) {
      throw new IllegalArgumentException("attacker: topics must not be null");
    }
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("attacker: " + GROUP_ID + " must not be blank");
    }
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("attacker: " + THRESHOLD + " must be a probability in [0, 1], got " + threshold);
    }
    if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero()) {
      throw new IllegalArgumentException("attacker: " + POLL_TIMEOUT_MS + " must be positive");
    }
    if (waitTimeout == null || waitTimeout.isNegative() || waitTimeout.isZero()) {
      throw new IllegalArgumentException("attacker: " + WAIT_TIMEOUT_MS + " must be positive");
    }
    if (chunk == null) {
      throw new IllegalArgumentException("attacker: chunk limits must not be null");
    }
    if (evalMax < 2 * 2 * MlpAttack.MIN_PER_CLASS) {
      throw new IllegalArgumentException("attacker: " + EVAL_MAX + " must be at least " + 4 * MlpAttack.MIN_PER_CLASS
          + " (labelled and evaluated members and non-members), got " + evalMax);
    }
    if (modelDir != null && java.nio.file.Files.exists(modelDir) && !java.nio.file.Files.isDirectory(modelDir)) {
      throw new IllegalArgumentException("attacker: " + MODEL_DIR + " " + modelDir
          + " is a file; point it at a directory (it is created if missing)");
    }
    kafka = kafka == null ? java.util.Map.of() : java.util.Map.copyOf(kafka);
    try {
      ClientSettings.of(bootstrapServers, kafka);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("attacker: " + e.getMessage(), e);
    }
  }

  /** What every Kafka client of the attacker gets: the bootstrap servers and the {@code kafka.*} settings. */
  public ClientSettings client() {
    return ClientSettings.of(bootstrapServers, kafka);
  }

  public AttackerConfig withKafka(java.util.Map<String, String> settings) {
    return new AttackerConfig(bootstrapServers, topics, groupId, seed, threshold, pollTimeout, waitTimeout, reportDir,
        modelDir, chunk, evalMax, settings);
  }

  /** Without a model folder (the form before {@value #MODEL_DIR} existed). */
  public AttackerConfig(String bootstrapServers, Topics topics, String groupId, long seed, double threshold,
      Duration pollTimeout, Duration waitTimeout, java.nio.file.Path reportDir) {
    this(bootstrapServers, topics, groupId, seed, threshold, pollTimeout, waitTimeout, reportDir, null,
        ChunkLimits.defaults(), DEFAULT_EVAL_MAX, java.util.Map.of());
  }

  /** Defaults for everything but the cluster and the topic names. */
  public static AttackerConfig of(String bootstrapServers, Topics topics) {
    return new AttackerConfig(bootstrapServers, topics, DEFAULT_GROUP_ID, DEFAULT_SEED, DEFAULT_THRESHOLD,
        DEFAULT_POLL_TIMEOUT, DEFAULT_WAIT_TIMEOUT, null);
  }

  public AttackerConfig withGroupId(String id) {
    return new AttackerConfig(bootstrapServers, topics, id, seed, threshold, pollTimeout, waitTimeout, reportDir,
        modelDir, chunk, evalMax, kafka);
  }

  public AttackerConfig withSeed(long s) {
    return new AttackerConfig(bootstrapServers, topics, groupId, s, threshold, pollTimeout, waitTimeout, reportDir,
        modelDir, chunk, evalMax, kafka);
  }

  public AttackerConfig withThreshold(double t) {
    return new AttackerConfig(bootstrapServers, topics, groupId, seed, t, pollTimeout, waitTimeout, reportDir,
        modelDir, chunk, evalMax, kafka);
  }

  public AttackerConfig withWaitTimeout(Duration d) {
    return new AttackerConfig(bootstrapServers, topics, groupId, seed, threshold, pollTimeout, d, reportDir,
        modelDir, chunk, evalMax, kafka);
  }

  public AttackerConfig withReportDir(java.nio.file.Path dir) {
    return new AttackerConfig(bootstrapServers, topics, groupId, seed, threshold, pollTimeout, waitTimeout, dir,
        modelDir, chunk, evalMax, kafka);
  }

  public AttackerConfig withModelDir(java.nio.file.Path dir) {
    return new AttackerConfig(bootstrapServers, topics, groupId, seed, threshold, pollTimeout, waitTimeout, reportDir,
        dir, chunk, evalMax, kafka);
  }

  public AttackerConfig withChunk(ChunkLimits c) {
    return new AttackerConfig(bootstrapServers, topics, groupId, seed, threshold, pollTimeout, waitTimeout, reportDir,
        modelDir, c, evalMax, kafka);
  }

  public AttackerConfig withEvalMax(int n) {
    return new AttackerConfig(bootstrapServers, topics, groupId, seed, threshold, pollTimeout, waitTimeout, reportDir,
        modelDir, chunk, n, kafka);
  }

  /** Every key of the stage, declared once: parsing, errors, help and docs/CONFIGURATION.md come from it. */
  public static final StageConfigDef DEFINITION = ChunkLimits.defineOn(new StageConfigDef("attacker",
      "The attacker (`seqmia attacker`): trains the membership attacks on the score vectors, evaluates them against"
          + " the baselines, writes the report and publishes a live verdict per scored sequence.")
      .define(GROUP_ID, Type.STRING, DEFAULT_GROUP_ID, new ConfigDef.NonEmptyString(),
          "Consumer group, and the base of the transactional ids.")
      .define(SEED, Type.LONG, DEFAULT_SEED, "Seed of the attacks' sampling, splits and initialisation.")
      .define(THRESHOLD, Type.DOUBLE, DEFAULT_THRESHOLD, Range.between(0, 1),
          "A live verdict says member when the attack's probability is at least this.")
      .define(POLL_TIMEOUT_MS, Type.LONG, DEFAULT_POLL_TIMEOUT.toMillis(), Range.atLeast(1),
          "Longest wait of one consumer poll (ms).")
      .define(WAIT_TIMEOUT_MS, Type.LONG, DEFAULT_WAIT_TIMEOUT.toMillis(), Range.atLeast(1),
          "After SCORING_COMPLETE, how long to wait for every announced vector before attacking with what arrived"
              + " (the report then says so) (ms).")
      .define(REPORT_DIR, Type.STRING, null,
          "Where each attack writes report.html, report.json, report.md, the figures and attack-scores.csv (unset: none).")
      .define(MODEL_DIR, Type.STRING, null,
          "Where each attack's MLP is saved, so a restart gives verdicts with the same model (unset: not saved).")
      .define(EVAL_MAX, Type.INT, DEFAULT_EVAL_MAX, Range.atLeast(4 * MlpAttack.MIN_PER_CLASS),
          "The attacks train and evaluate on a seeded sample of at most this many target vectors (and as many"
              + " shadow vectors); every vector still gets a verdict."));

  /** Reads {@link #DEFINITION}'s keys; a bad value or an unknown key stops with the key named. */
  public static AttackerConfig fromProperties(Properties props) {
    StageConfigDef.Values v = DEFINITION.parse(props);
    Topics topics;
    try {
      topics = Topics.withPrefix(v.topicPrefix());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("attacker: " + TOPIC_PREFIX + ": " + e.getMessage());
    }
    return new AttackerConfig(v.bootstrapServers(), topics, v.string(GROUP_ID), v.whole(SEED), v.number(THRESHOLD),
        v.millis(POLL_TIMEOUT_MS), v.millis(WAIT_TIMEOUT_MS), v.path(REPORT_DIR), v.path(MODEL_DIR),
        ChunkLimits.from(v, "attacker"), v.integer(EVAL_MAX), v.kafka());
  }
}
