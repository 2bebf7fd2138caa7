package io.seqmia.streams;

import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import io.seqmia.kernel.StageConfigDef;

/**
 * Immutable configuration of the streams stage. Build it with {@link #builder(String, Topics)} from
 * Java, or with {@link #fromProperties(Properties)} from a properties file / command line. Every value
 * is validated in the canonical constructor, so both paths reject the same bad input with a message
 * that names the key and what is allowed.
 *
 * @param kafkaOverrides extra Kafka Streams / client settings (e.g. security), taken from keys that
 *     start with {@link #KAFKA_PREFIX} with the prefix removed; applied last
 */
public record StreamsAppConfig(
    String bootstrapServers,
    Topics topics,
    String applicationId,
    Path stateDir,
    long seed,
    Map<MembershipSplit, Double> splitFractions,
    double attackerKnowsFraction,
    SplitBy splitBy,
    int minLength,
    int maxLength,
    boolean dropRepeats,
    SessionMode sessionMode,
    Duration sessionGap,
    Duration grace,
    Duration closedSessionRetention,
    int augmentCount,
    boolean augmentTrainTarget,
    Duration augmentIdleRelease,
    int similarityTopK,
    Duration similarityRefresh,
    int chunkRecords,
    Duration chunkTime,
    int numStreamThreads,
    short replicationFactor,
    long commitIntervalMs,
    Map<String, String> kafkaOverrides) {

  public static final String BOOTSTRAP_SERVERS = StageConfigDef.BOOTSTRAP_SERVERS;
  public static final String TOPIC_PREFIX = StageConfigDef.TOPIC_PREFIX;
  public static final String APPLICATION_ID = "streams.application.id";
  public static final String STATE_DIR = "streams.state.dir";
  public static final String SEED = "streams.seed";
  public static final String SPLIT_TARGET_MEMBER = "streams.split.target-member";
  public static final String SPLIT_TARGET_NONMEMBER = "streams.split.target-nonmember";
  public static final String SPLIT_SHADOW_MEMBER = "streams.split.shadow-member";
  public static final String SPLIT_SHADOW_NONMEMBER = "streams.split.shadow-nonmember";
  public static final String ATTACKER_KNOWS_FRACTION = "streams.attacker.knows.fraction";
  public static final String SPLIT_BY = "streams.split.by";
  public static final String MIN_LENGTH = "streams.min.length";
  public static final String MAX_LENGTH = "streams.max.length";
  public static final String DROP_REPEATS = "streams.drop.repeats";
  public static final String SESSION_MODE = "streams.session.mode";
  public static final String SESSION_GAP_MS = "streams.session.gap.ms";
  public static final String GRACE_MS = "streams.session.grace.ms";
  public static final String CLOSED_RETENTION_MS = "streams.closed.session.retention.ms";
  /**
   * Without any flush marker (a live deployment), buffered sessions are augmented anyway once nothing new
   * has been buffered for this long (wall clock); the order is then arrival order, not canonical.
   */
  public static final String AUGMENT_IDLE_RELEASE_MS = "streams.augment.idle-release.ms";
  public static final String AUGMENT_COUNT = "streams.augment.count";
  public static final String AUGMENT_TRAIN_TARGET = "streams.augment.train-target";
  public static final String SIMILARITY_TOP_K = "streams.similarity.top-k";
  /** Live mode (after the first complete flush): how often the similarity snapshot is recomputed. */
  public static final String SIMILARITY_REFRESH_MS = "streams.similarity.refresh.ms";
  /**
   * The most sessions one processing step closes, augments or forgets (flush, time-outs, buffer
   * release); the step then yields and Kafka Streams commits. Keeps every transaction bounded.
   */
  public static final String CHUNK_RECORDS = "streams.chunk.records";
  /** The longest one such step runs (wall clock) before it yields, whatever its record count. */
  public static final String CHUNK_MS = "streams.chunk.ms";
  public static final String NUM_STREAM_THREADS = "streams.num.stream.threads";
  public static final String REPLICATION_FACTOR = "streams.replication.factor";
  public static final String COMMIT_INTERVAL_MS = "streams.commit.interval.ms";
  public static final String KAFKA_PREFIX = "kafka.";

  public static final String DEFAULT_TOPIC_PREFIX = "";
  public static final String DEFAULT_APPLICATION_ID = "seqmia-streams";
  public static final Path DEFAULT_STATE_DIR = Path.of(System.getProperty("java.io.tmpdir"), "seqmia-streams-state");
  public static final long DEFAULT_SEED = 42L;
  public static final double DEFAULT_SPLIT_FRACTION = 0.25;
  public static final double DEFAULT_ATTACKER_KNOWS_FRACTION = 0.5;
  public static final SplitBy DEFAULT_SPLIT_BY = SplitBy.SESSION;
  public static final int DEFAULT_MIN_LENGTH = 2;
  public static final int DEFAULT_MAX_LENGTH = 20;
  public static final boolean DEFAULT_DROP_REPEATS = true;
  public static final SessionMode DEFAULT_SESSION_MODE = SessionMode.SESSION_ID;
  public static final Duration DEFAULT_SESSION_GAP = Duration.ofMinutes(30);
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);
  /** How long (in stream time) a closed session id is remembered so that its stragglers count as late. */
  public static final Duration DEFAULT_CLOSED_RETENTION = Duration.ofHours(24);
  public static final Duration DEFAULT_AUGMENT_IDLE_RELEASE = Duration.ofMinutes(2);
  public static final int DEFAULT_AUGMENT_COUNT = 1;
  /** Variants are the non-members of their parent's side unless this is set (see docs/STREAMS.md). */
  public static final boolean DEFAULT_AUGMENT_TRAIN_TARGET = false;
  public static final int DEFAULT_SIMILARITY_TOP_K = 20;
  public static final Duration DEFAULT_SIMILARITY_REFRESH = Duration.ofMinutes(1);
  public static final int DEFAULT_CHUNK_RECORDS = 2000;
  public static final Duration DEFAULT_CHUNK_TIME = Duration.ofSeconds(1);
  public static final int DEFAULT_NUM_STREAM_THREADS = 1;
  public static final short DEFAULT_REPLICATION_FACTOR = 1;
  public static final long DEFAULT_COMMIT_INTERVAL_MS = 100L;

  /** Fractions must sum to 1 within this tolerance. */
  static final double FRACTION_SUM_TOLERANCE = 1e-6;

  public StreamsAppConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw bad(BOOTSTRAP_SERVERS, "is required: host:port[,host:port...] of the Kafka cluster");
    }
    Objects.requireNonNull(topics, "topics");
    if (applicationId == null || !applicationId.matches("[a-zA-Z0-9._-]+")) {
      throw bad(APPLICATION_ID, "must be non-empty and contain only letters, digits, '.', '_' and '-', got '"
          + applicationId + "'");
    }
    Objects.requireNonNull(stateDir, STATE_DIR);
    Objects.requireNonNull(splitFractions, "splitFractions");
    EnumMap<MembershipSplit, Double> fractions = new EnumMap<>(MembershipSplit.class);
    double sum = 0;
    for (MembershipSplit split : MembershipSplit.values()) {
      Double f = splitFractions.get(split);
      if (f == null || f.isNaN() || f < 0 || f > 1) {
        throw bad(splitKey(split), "must be a number in [0, 1], got " + f);
      }
      fractions.put(split, f);
      sum += f;
    }
    if (Math.abs(sum - 1.0) > FRACTION_SUM_TOLERANCE) {
      throw bad(SPLIT_TARGET_MEMBER + ", " + SPLIT_TARGET_NONMEMBER + ", " + SPLIT_SHADOW_MEMBER + ", "
          + SPLIT_SHADOW_NONMEMBER, "must sum to 1, got " + sum);
    }
    splitFractions = Map.copyOf(fractions);
    if (Double.isNaN(attackerKnowsFraction) || attackerKnowsFraction < 0 || attackerKnowsFraction > 1) {
      throw bad(ATTACKER_KNOWS_FRACTION, "must be in [0, 1], got " + attackerKnowsFraction);
    }
    if (minLength < 1) {
      throw bad(MIN_LENGTH, "must be >= 1, got " + minLength);
    }
    if (maxLength < minLength) {
      throw bad(MAX_LENGTH, "must be >= " + MIN_LENGTH + " (" + minLength + "), got " + maxLength);
    }
    if (splitBy == null) {
      throw bad(SPLIT_BY, "is required: " + SplitBy.SESSION.configValue() + " or " + SplitBy.CONTENT.configValue());
    }
    if (sessionMode == null) {
      throw bad(SESSION_MODE, "is required: " + SessionMode.SESSION_ID.configValue() + " or "
          + SessionMode.USER_GAP.configValue());
    }
    requirePositive(SESSION_GAP_MS, sessionGap, false);
    requirePositive(GRACE_MS, grace, true);
    requirePositive(CLOSED_RETENTION_MS, closedSessionRetention, false);
    requirePositive(AUGMENT_IDLE_RELEASE_MS, augmentIdleRelease, false);
    if (augmentCount < 0) {
      throw bad(AUGMENT_COUNT, "must be >= 0 (0 disables augmentation), got " + augmentCount);
    }
    if (similarityTopK < 1) {
      throw bad(SIMILARITY_TOP_K, "must be >= 1, got " + similarityTopK);
    }
    requirePositive(SIMILARITY_REFRESH_MS, similarityRefresh, false);
    if (chunkRecords < 1) {
      throw bad(CHUNK_RECORDS, "must be >= 1 (sessions per processing step), got " + chunkRecords);
    }
    requirePositive(CHUNK_MS, chunkTime, false);
    if (numStreamThreads < 1) {
      throw bad(NUM_STREAM_THREADS, "must be >= 1, got " + numStreamThreads);
    }
    if (replicationFactor < 1) {
      throw bad(REPLICATION_FACTOR, "must be >= 1 (1 for a single broker), got " + replicationFactor);
    }
    if (commitIntervalMs < 1) {
      throw bad(COMMIT_INTERVAL_MS, "must be >= 1, got " + commitIntervalMs);
    }
    kafkaOverrides = kafkaOverrides == null ? Map.of() : Map.copyOf(kafkaOverrides);
  }

  public double fraction(MembershipSplit split) {
    return splitFractions.get(split);
  }

  public static Builder builder(String bootstrapServers, Topics topics) {
    return new Builder(bootstrapServers, topics);
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder(bootstrapServers, topics);
    b.applicationId = applicationId;
    b.stateDir = stateDir;
    b.seed = seed;
    b.fractions.putAll(splitFractions);
    b.attackerKnowsFraction = attackerKnowsFraction;
    b.splitBy = splitBy;
    b.minLength = minLength;
    b.maxLength = maxLength;
    b.dropRepeats = dropRepeats;
    b.sessionMode = sessionMode;
    b.sessionGap = sessionGap;
    b.grace = grace;
    b.closedSessionRetention = closedSessionRetention;
    b.augmentCount = augmentCount;
    b.augmentTrainTarget = augmentTrainTarget;
    b.augmentIdleRelease = augmentIdleRelease;
    b.similarityTopK = similarityTopK;
    b.similarityRefresh = similarityRefresh;
    b.chunkRecords = chunkRecords;
    b.chunkTime = chunkTime;
    b.numStreamThreads = numStreamThreads;
    b.replicationFactor = replicationFactor;
    b.commitIntervalMs = commitIntervalMs;
    b.kafkaOverrides.putAll(kafkaOverrides);
    return b;
  }

  /** Every key of the stage, declared once (in {@link StreamsAppKeys}): parsing, errors, help and docs. */
  public static final StageConfigDef DEFINITION = StreamsAppKeys.definition();

  /**
   * Reads a config from properties ({@link #DEFINITION}). Keys of other stages are ignored so one file can
   * configure several stages; keys starting with {@code kafka.} are passed to Kafka.
   *
   * @throws IllegalArgumentException naming the bad key and what it accepts
   */
  public static StreamsAppConfig fromProperties(Properties props) {
    StageConfigDef.Values v = DEFINITION.parse(props);
    Topics topics;
    try {
      topics = Topics.withPrefix(v.topicPrefix().trim());
    } catch (IllegalArgumentException e) {
      throw bad(TOPIC_PREFIX, e.getMessage());
    }
    Builder b = new Builder(v.bootstrapServers(), topics);
    b.applicationId = v.string(APPLICATION_ID);
    if (v.path(STATE_DIR) != null) {
      b.stateDir = v.path(STATE_DIR);
    }
    b.seed = v.whole(SEED);
    for (MembershipSplit split : MembershipSplit.values()) {
      b.fractions.put(split, v.number(splitKey(split)));
    }
    b.attackerKnowsFraction = v.number(ATTACKER_KNOWS_FRACTION);
    b.splitBy = SplitBy.fromConfig(v.string(SPLIT_BY));
    b.minLength = v.integer(MIN_LENGTH);
    b.maxLength = v.integer(MAX_LENGTH);
    b.dropRepeats = v.bool(DROP_REPEATS);
    b.sessionMode = SessionMode.fromConfig(v.string(SESSION_MODE));
    b.sessionGap = v.millis(SESSION_GAP_MS);
    b.grace = v.millis(GRACE_MS);
    b.closedSessionRetention = v.millis(CLOSED_RETENTION_MS);
    b.augmentCount = v.integer(AUGMENT_COUNT);
    b.augmentTrainTarget = v.bool(AUGMENT_TRAIN_TARGET);
    b.augmentIdleRelease = v.millis(AUGMENT_IDLE_RELEASE_MS);
    b.similarityTopK = v.integer(SIMILARITY_TOP_K);
    b.similarityRefresh = v.millis(SIMILARITY_REFRESH_MS);
    b.chunkRecords = v.integer(CHUNK_RECORDS);
    b.chunkTime = v.millis(CHUNK_MS);
    b.numStreamThreads = v.integer(NUM_STREAM_THREADS);
    b.replicationFactor = (Short) v.get(REPLICATION_FACTOR);
    b.commitIntervalMs = v.whole(COMMIT_INTERVAL_MS);
    b.kafkaOverrides.putAll(v.kafka());
    return b.build();
  }

  static String splitKey(MembershipSplit split) {
    return switch (split) {
      case TARGET_MEMBER -> SPLIT_TARGET_MEMBER;
      case TARGET_NONMEMBER -> SPLIT_TARGET_NONMEMBER;
      case SHADOW_MEMBER -> SPLIT_SHADOW_MEMBER;
      case SHADOW_NONMEMBER -> SPLIT_SHADOW_NONMEMBER;
    };
  }

  private static void requirePositive(String key, Duration d, boolean zeroAllowed) {
    if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
      throw bad(key, "must be " + (zeroAllowed ? ">= 0" : "> 0") + " milliseconds, got "
          + (d == null ? null : d.toMillis()));
    }
  }

  private static IllegalArgumentException bad(String key, String what) {
    return new IllegalArgumentException("Invalid streams config '" + key + "': " + what);
  }

  /** Mutable builder; {@link #build()} validates. Starts from every default. */
  public static final class Builder {
    private final String bootstrapServers;
    private final Topics topics;
    private String applicationId = DEFAULT_APPLICATION_ID;
    private Path stateDir = DEFAULT_STATE_DIR;
    private long seed = DEFAULT_SEED;
    private final EnumMap<MembershipSplit, Double> fractions = new EnumMap<>(MembershipSplit.class);
    private double attackerKnowsFraction = DEFAULT_ATTACKER_KNOWS_FRACTION;
    private SplitBy splitBy = DEFAULT_SPLIT_BY;
    private int minLength = DEFAULT_MIN_LENGTH;
    private int maxLength = DEFAULT_MAX_LENGTH;
    private boolean dropRepeats = DEFAULT_DROP_REPEATS;
    private SessionMode sessionMode = DEFAULT_SESSION_MODE;
    private Duration sessionGap = DEFAULT_SESSION_GAP;
    private Duration grace = DEFAULT_GRACE;
    private Duration closedSessionRetention = DEFAULT_CLOSED_RETENTION;
    private int augmentCount = DEFAULT_AUGMENT_COUNT;
    private boolean augmentTrainTarget = DEFAULT_AUGMENT_TRAIN_TARGET;
    private Duration augmentIdleRelease = DEFAULT_AUGMENT_IDLE_RELEASE;
    private int similarityTopK = DEFAULT_SIMILARITY_TOP_K;
    private Duration similarityRefresh = DEFAULT_SIMILARITY_REFRESH;
    private int chunkRecords = DEFAULT_CHUNK_RECORDS;
    private Duration chunkTime = DEFAULT_CHUNK_TIME;
    private int numStreamThreads = DEFAULT_NUM_STREAM_THREADS;
    private short replicationFactor = DEFAULT_REPLICATION_FACTOR;
    private long commitIntervalMs = DEFAULT_COMMIT_INTERVAL_MS;
    private final Map<String, String> kafkaOverrides = new TreeMap<>();

    private Builder(String bootstrapServers, Topics topics) {
      this.bootstrapServers = bootstrapServers;
      this.topics = topics;
      for (MembershipSplit split : MembershipSplit.values()) {
        fractions.put(split, DEFAULT_SPLIT_FRACTION);
      }
    }

    public Builder applicationId(String v) { applicationId = v; return this; }
    public Builder stateDir(Path v) { stateDir = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder splitFraction(MembershipSplit split, double v) { fractions.put(split, v); return this; }
    public Builder attackerKnowsFraction(double v) { attackerKnowsFraction = v; return this; }
    public Builder splitBy(SplitBy v) { splitBy = v; return this; }
    public Builder minLength(int v) { minLength = v; return this; }
    public Builder maxLength(int v) { maxLength = v; return this; }
    public Builder dropRepeats(boolean v) { dropRepeats = v; return this; }
    public Builder sessionMode(SessionMode v) { sessionMode = v; return this; }
    public Builder sessionGap(Duration v) { sessionGap = v; return this; }
    public Builder grace(Duration v) { grace = v; return this; }
    public Builder closedSessionRetention(Duration v) { closedSessionRetention = v; return this; }
    public Builder augmentCount(int v) { augmentCount = v; return this; }
    public Builder augmentTrainTarget(boolean v) { augmentTrainTarget = v; return this; }
    public Builder augmentIdleRelease(Duration v) { augmentIdleRelease = v; return this; }
    public Builder similarityTopK(int v) { similarityTopK = v; return this; }
    public Builder similarityRefresh(Duration v) { similarityRefresh = v; return this; }
    public Builder chunkRecords(int v) { chunkRecords = v; return this; }
    public Builder chunkTime(Duration v) { chunkTime = v; return this; }
    public Builder numStreamThreads(int v) { numStreamThreads = v; return this; }
    public Builder replicationFactor(short v) { replicationFactor = v; return this; }
    public Builder commitIntervalMs(long v) { commitIntervalMs = v; return this; }
    /** An extra Kafka Streams or client setting, applied after seqmia's own. */
    public Builder kafkaOverride(String key, String value) { kafkaOverrides.put(key, value); return this; }

    public StreamsAppConfig build() {
      return new StreamsAppConfig(bootstrapServers, topics, applicationId, stateDir, seed, fractions,
          attackerKnowsFraction, splitBy, minLength, maxLength, dropRepeats, sessionMode, sessionGap, grace,
          closedSessionRetention, augmentCount, augmentTrainTarget, augmentIdleRelease, similarityTopK,
          similarityRefresh, chunkRecords, chunkTime, numStreamThreads, replicationFactor, commitIntervalMs,
          kafkaOverrides);
    }
  }
}
