package io.seqmia.trainer;

import io.seqmia.schemas.Topics;
import java.time.Duration;
import java.util.Properties;
import io.seqmia.kernel.ChunkLimits;
import io.seqmia.kernel.ClientSettings;

/**
 * Configuration of the trainer service.
 *
 * @param progressTimeout train without a complete flush only when sequences are held and no new sequence (and no
 *     SESSIONS_FLUSHED) arrived for this long; the model is then marked incomplete
 * @param store where held sequences live: packed on the heap up to a budget, then in a spill file; none is dropped
 * @param sample the seeded member sample each model trains on (all members by default)
 * @param chunk the most records per transaction ({@value #CHUNK_RECORDS}) and the time after which a transaction
 *     is committed at the next batch boundary ({@value #CHUNK_MS}): a model's bulk scoring runs in such chunks
 * @param shadowEnabled also train a shadow model (same architecture and preset) on the SHADOW_MEMBER sequences
 *     and score the shadow side with it, so an attack can learn without target labels
 * @param kafka client settings for every client of the trainer (security, ...): the {@code kafka.*} keys with the
 *     prefix removed ({@link ClientSettings})
 */
public record TrainerConfig(
    String bootstrapServers, Topics topics, String groupId, TargetModelConfig model, Duration progressTimeout,
    StoreLimits store, MemberSample sample, boolean shadowEnabled, java.nio.file.Path modelDir, ChunkLimits chunk,
    java.util.Map<String, String> kafka) {

  /**
   * @param memoryBytes bytes of packed sequences kept on the heap ({@value #STORE_MEMORY_MB}); beyond: the file
   * @param dir folder of the spill file ({@value #STORE_DIR}); null: {@code model.dir}, else the temp folder
   */
  public record StoreLimits(long memoryBytes, java.nio.file.Path dir) {
    public StoreLimits {
      if (memoryBytes < 0) {
        throw new IllegalArgumentException("trainer config: '" + STORE_MEMORY_MB + "' must be >= 0, got "
            + memoryBytes + " bytes");
      }
    }
  }

  /**
   * @param members TARGET_MEMBER (and SHADOW_MEMBER) sequences each model trains on, a seeded sample of them;
   *     0: all of them ({@value #SAMPLE_MEMBERS})
   * @param seed the sample's seed ({@value #SAMPLE_SEED})
   */
  public record MemberSample(int members, long seed) {
    public MemberSample {
      if (members < 0) {
        throw new IllegalArgumentException("trainer config: '" + SAMPLE_MEMBERS + "' must be >= 0 (0 or unset: all"
            + " members), got " + members);
      }
    }

    public static MemberSample all() {
      return new MemberSample(0, DEFAULT_SAMPLE_SEED);
    }

    public boolean sampled(int available) {
      return members > 0 && members < available;
    }
  }

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String GROUP_ID = "group.id";
  /** Train on a partial data set only after this long without progress (no new sequence, no flush). */
  public static final String PROGRESS_TIMEOUT_MS = "progress.timeout.ms";
  /** The earlier name of {@link #PROGRESS_TIMEOUT_MS}, still read when the new key is not set. */
  public static final String IDLE_TIMEOUT_MS = "idle.timeout.ms";
  /** Removed: the trainer no longer drops sequences. Setting it stops with a migration message. */
  public static final String MAX_SEQUENCES = "max.sequences";
  /** Megabytes of packed sequences on the heap before the store spills to a local file. */
  public static final String STORE_MEMORY_MB = "trainer.store.memory.mb";
  /** Folder of the spill file (default: {@code model.dir} when set, else the system's temp folder). */
  public static final String STORE_DIR = "trainer.store.dir";
  /** A seeded sample of N members to train each model on (default: all members). */
  public static final String SAMPLE_MEMBERS = "trainer.sample.members";
  public static final String SAMPLE_SEED = "trainer.sample.seed";
  public static final String SHADOW_ENABLED = "shadow.enabled";
  /** Records per transaction of a bulk scoring run, and its time bound (see {@link ChunkLimits}). */
  public static final String CHUNK_RECORDS = "trainer" + ChunkLimits.RECORDS_SUFFIX;
  public static final String CHUNK_MS = "trainer" + ChunkLimits.TIME_SUFFIX;
  /** Where trained models are checkpointed (one folder per model version); unset: no checkpoint. */
  public static final String MODEL_DIR = "model.dir";
  /** "overfit" (default: a target that memorises, so there is a leak to audit) or "default". */
  public static final String MODEL_PRESET = "model.preset";
  public static final String MODEL_EMBEDDING_SIZE = "model.embedding.size";
  public static final String MODEL_HEADS = "model.heads";
  public static final String MODEL_LAYERS = "model.layers";
  public static final String MODEL_FEED_FORWARD_SIZE = "model.feed.forward.size";
  public static final String MODEL_MAX_LENGTH = "model.max.length";
  public static final String MODEL_DROPOUT = "model.dropout";
  public static final String MODEL_LEARNING_RATE = "model.learning.rate";
  public static final String MODEL_WEIGHT_DECAY = "model.weight.decay";
  public static final String MODEL_BATCH_SIZE = "model.batch.size";
  public static final String MODEL_EPOCHS = "model.epochs";
  public static final String MODEL_SEED = "model.seed";

  public static final String DEFAULT_GROUP_ID = "seqmia-trainer";
  /** Long enough for a streams-app rebalance; sequences still arriving reset it. */
  public static final Duration DEFAULT_PROGRESS_TIMEOUT = Duration.ofMinutes(10);
  public static final long DEFAULT_STORE_MEMORY_MB = 1024;
  public static final long DEFAULT_SAMPLE_SEED = 42;
  public static final boolean DEFAULT_SHADOW_ENABLED = true;
  public static final String PRESET_OVERFIT = "overfit";
  public static final String PRESET_DEFAULT = "default";

  public TrainerConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("trainer config: '" + BOOTSTRAP_SERVERS + "' is required (host:port,...)");
    }
    if (topics == null) {
      throw new IllegalArgumentException("trainer config: topics must not be null");
    }
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("trainer config: '" + GROUP_ID + "' must not be blank");
    }
    if (model == null) {
      throw new IllegalArgumentException("trainer config: model config must not be null");
    }
    if (progressTimeout == null || progressTimeout.isNegative() || progressTimeout.isZero()) {
      throw new IllegalArgumentException("trainer config: '" + PROGRESS_TIMEOUT_MS + "' must be > 0 ms, got "
          + (progressTimeout == null ? null : progressTimeout.toMillis()));
    }
    if (chunk == null) {
      throw new IllegalArgumentException("trainer config: chunk limits must not be null");
    }
    if (store == null || sample == null) {
      throw new IllegalArgumentException("trainer config: store limits and member sample must not be null");
    }
    kafka = kafka == null ? java.util.Map.of() : java.util.Map.copyOf(kafka);
    try {
      ClientSettings.of(bootstrapServers, kafka);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trainer config: " + e.getMessage(), e);
    }
  }

  /** What every Kafka client of the trainer gets: the bootstrap servers and the {@code kafka.*} settings. */
  public ClientSettings client() {
    return ClientSettings.of(bootstrapServers, kafka);
  }

  public TrainerConfig withKafka(java.util.Map<String, String> settings) {
    return new TrainerConfig(bootstrapServers, topics, groupId, model, progressTimeout, store, sample, shadowEnabled,
        modelDir, chunk, settings);
  }

  /** Defaults for everything but the cluster address. */
  public static TrainerConfig defaults(String bootstrapServers, Topics topics) {
    return new TrainerConfig(bootstrapServers, topics, DEFAULT_GROUP_ID, TargetModelConfig.overfit(),
        DEFAULT_PROGRESS_TIMEOUT,
        new StoreLimits(DEFAULT_STORE_MEMORY_MB << 20, null), MemberSample.all(), DEFAULT_SHADOW_ENABLED, null, ChunkLimits.defaults(), java.util.Map.of());
  }

  public TrainerConfig withModel(TargetModelConfig m) {
    return new TrainerConfig(bootstrapServers, topics, groupId, m, progressTimeout, store, sample, shadowEnabled, modelDir, chunk, kafka);
  }

  public TrainerConfig withProgressTimeout(Duration d) {
    return new TrainerConfig(bootstrapServers, topics, groupId, model, d, store, sample, shadowEnabled, modelDir, chunk, kafka);
  }

  public TrainerConfig withGroupId(String g) {
    return new TrainerConfig(bootstrapServers, topics, g, model, progressTimeout, store, sample, shadowEnabled, modelDir, chunk, kafka);
  }

  public TrainerConfig withShadowEnabled(boolean enabled) {
    return new TrainerConfig(bootstrapServers, topics, groupId, model, progressTimeout, store, sample, enabled, modelDir, chunk, kafka);
  }

  /** Reads the keys above; model keys override the chosen preset. Bad values stop with the key named. */
  public static TrainerConfig fromProperties(Properties p) {
    if (p.getProperty(MAX_SEQUENCES) != null) {
      throw new IllegalArgumentException("trainer config: '" + MAX_SEQUENCES + "' was removed: the trainer no longer"
          + " drops sequences beyond a count. It keeps every sequence packed and spills to a local file beyond '"
          + STORE_MEMORY_MB + "' (default " + DEFAULT_STORE_MEMORY_MB + ", folder '" + STORE_DIR + "'); to train on"
          + " fewer sequences set '" + SAMPLE_MEMBERS + "=N'. Remove '" + MAX_SEQUENCES + "' from the configuration.");
    }
    String preset = p.getProperty(MODEL_PRESET, PRESET_OVERFIT).trim();
    TargetModelConfig base;
    try {
      base = TargetModelConfig.preset(preset);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trainer config: '" + MODEL_PRESET + "': " + e.getMessage(), e);
    }
    TargetModelConfig model;
    try {
      model = base.withHyperParameters(
        intValue(p, MODEL_EMBEDDING_SIZE, base.embeddingSize()),
        intValue(p, MODEL_HEADS, base.heads()),
        intValue(p, MODEL_LAYERS, base.layers()),
        intValue(p, MODEL_FEED_FORWARD_SIZE, base.feedForwardSize()),
        intValue(p, MODEL_MAX_LENGTH, base.maxLength()),
        floatValue(p, MODEL_DROPOUT, base.dropout()),
        floatValue(p, MODEL_LEARNING_RATE, base.learningRate()),
        floatValue(p, MODEL_WEIGHT_DECAY, base.weightDecay()),
        intValue(p, MODEL_BATCH_SIZE, base.batchSize()),
        intValue(p, MODEL_EPOCHS, base.epochs()),
        longValue(p, MODEL_SEED, base.seed()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trainer config (model.* keys): " + e.getMessage(), e);
    }
    String prefix = p.getProperty(TOPIC_PREFIX, "").trim();
    return new TrainerConfig(
        p.getProperty(BOOTSTRAP_SERVERS, "").trim(),
        Topics.withPrefix(prefix),
        p.getProperty(GROUP_ID, DEFAULT_GROUP_ID).trim(),
        model,
        Duration.ofMillis(p.getProperty(PROGRESS_TIMEOUT_MS, "").isBlank()
            ? longValue(p, IDLE_TIMEOUT_MS, DEFAULT_PROGRESS_TIMEOUT.toMillis())
            : longValue(p, PROGRESS_TIMEOUT_MS, DEFAULT_PROGRESS_TIMEOUT.toMillis())),
        new StoreLimits(megabytes(p), p.getProperty(STORE_DIR, "").isBlank() ? null
            : java.nio.file.Path.of(p.getProperty(STORE_DIR).trim())),
        new MemberSample(intValue(p, SAMPLE_MEMBERS, 0), longValue(p, SAMPLE_SEED, DEFAULT_SAMPLE_SEED)),
        booleanValue(p, SHADOW_ENABLED, DEFAULT_SHADOW_ENABLED),
        p.getProperty(MODEL_DIR, "").isBlank() ? null : java.nio.file.Path.of(p.getProperty(MODEL_DIR).trim()),
        chunk(p), ClientSettings.unprefixed(p));
  }

  public TrainerConfig withModelDir(java.nio.file.Path dir) {
    return new TrainerConfig(bootstrapServers, topics, groupId, model, progressTimeout, store, sample, shadowEnabled, dir, chunk, kafka);
  }

  public TrainerConfig withChunk(ChunkLimits c) {
    return new TrainerConfig(bootstrapServers, topics, groupId, model, progressTimeout, store, sample, shadowEnabled,
        modelDir, c, kafka);
  }

  public TrainerConfig withStore(StoreLimits s) {
    return new TrainerConfig(bootstrapServers, topics, groupId, model, progressTimeout, s, sample, shadowEnabled,
        modelDir, chunk, kafka);
  }

  public TrainerConfig withSample(MemberSample s) {
    return new TrainerConfig(bootstrapServers, topics, groupId, model, progressTimeout, store, s, shadowEnabled,
        modelDir, chunk, kafka);
  }

  /** The spill file's folder: {@value #STORE_DIR}, else {@code model.dir}, else null (the temp folder). */
  public java.nio.file.Path storeDir() {
    return store.dir() != null ? store.dir() : modelDir;
  }

  private static long megabytes(Properties p) {
    long mb = longValue(p, STORE_MEMORY_MB, DEFAULT_STORE_MEMORY_MB);
    if (mb < 0 || mb > Long.MAX_VALUE >> 20) {
      throw new IllegalArgumentException("trainer config: '" + STORE_MEMORY_MB + "' must be >= 0 (megabytes), got "
          + mb);
    }
    return mb << 20;
  }

  private static ChunkLimits chunk(Properties p) {
    try {
      return ChunkLimits.fromProperties(p, "trainer");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trainer config: " + e.getMessage(), e);
    }
  }

  /** Only "true" or "false": a typo must not silently switch the shadow model off. */
  private static boolean booleanValue(Properties p, String key, boolean fallback) {
    String raw = p.getProperty(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(
          "trainer config: '" + key + "' must be 'true' or 'false', got '" + raw + "'");
    };
  }

  private static int intValue(Properties p, String key, int fallback) {
    long v = longValue(p, key, fallback);
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw new IllegalArgumentException("trainer config: '" + key + "' is out of range: " + v);
    }
    return (int) v;
  }

  private static long longValue(Properties p, String key, long fallback) {
    String raw = p.getProperty(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("trainer config: '" + key + "' must be an integer, got '" + raw + "'");
    }
  }

  private static float floatValue(Properties p, String key, float fallback) {
    String raw = p.getProperty(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Float.parseFloat(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("trainer config: '" + key + "' must be a number, got '" + raw + "'");
    }
  }
}
