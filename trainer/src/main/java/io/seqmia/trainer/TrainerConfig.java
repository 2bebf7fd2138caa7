package io.seqmia.trainer;

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

  public static final String BOOTSTRAP_SERVERS = StageConfigDef.BOOTSTRAP_SERVERS;
  public static final String TOPIC_PREFIX = StageConfigDef.TOPIC_PREFIX;
  public static final String GROUP_ID = "trainer.group.id";
  /** Train on a partial data set only after this long without progress (no new sequence, no flush). */
  public static final String PROGRESS_TIMEOUT_MS = "trainer.progress.timeout.ms";
  /** The earlier name of {@link #PROGRESS_TIMEOUT_MS}, still read (with a warning) when the new key is not set. */
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
  public static final String SHADOW_ENABLED = "trainer.shadow.enabled";
  /** Records per transaction of a bulk scoring run, and its time bound (see {@link ChunkLimits}). */
  public static final String CHUNK_RECORDS = "trainer" + ChunkLimits.RECORDS_SUFFIX;
  public static final String CHUNK_MS = "trainer" + ChunkLimits.TIME_SUFFIX;
  /** Where trained models are checkpointed (one folder per model version); unset: no checkpoint. */
  public static final String MODEL_DIR = "trainer.model.dir";
  /** "overfit" (default: a target that memorises, so there is a leak to audit) or "default". */
  public static final String MODEL_PRESET = "trainer.model.preset";
  public static final String MODEL_EMBEDDING_SIZE = "trainer.model.embedding.size";
  public static final String MODEL_HEADS = "trainer.model.heads";
  public static final String MODEL_LAYERS = "trainer.model.layers";
  public static final String MODEL_FEED_FORWARD_SIZE = "trainer.model.feed.forward.size";
  public static final String MODEL_MAX_LENGTH = "trainer.model.max.length";
  public static final String MODEL_DROPOUT = "trainer.model.dropout";
  public static final String MODEL_LEARNING_RATE = "trainer.model.learning.rate";
  public static final String MODEL_WEIGHT_DECAY = "trainer.model.weight.decay";
  public static final String MODEL_BATCH_SIZE = "trainer.model.batch.size";
  public static final String MODEL_EPOCHS = "trainer.model.epochs";
  public static final String MODEL_SEED = "trainer.model.seed";

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

  /** Every key of the stage, declared once: parsing, errors, help and docs/CONFIGURATION.md come from it. */
  public static final StageConfigDef DEFINITION = ChunkLimits.defineOn(new StageConfigDef("trainer",
      "The trainer (`seqmia trainer`): holds the sequences, trains the target (overfit on purpose) and the shadow"
          + " model with DJL, and publishes one score vector per sequence.")
      .define(GROUP_ID, Type.STRING, DEFAULT_GROUP_ID, new ConfigDef.NonEmptyString(),
          "Consumer group, and the base of the transactional ids.")
      .define(PROGRESS_TIMEOUT_MS, Type.LONG, DEFAULT_PROGRESS_TIMEOUT.toMillis(), Range.atLeast(1),
          "Train without a complete flush only after this long with sequences held and nothing new (ms); the model"
              + " is then marked incomplete.")
      .define(STORE_MEMORY_MB, Type.LONG, DEFAULT_STORE_MEMORY_MB, Range.between(0, Long.MAX_VALUE >> 20),
          "Megabytes of packed sequences on the heap; the rest spills to a local file.")
      .define(STORE_DIR, Type.STRING, null, "Folder of the spill file (unset: trainer.model.dir, else the temp folder).")
      .define(SAMPLE_MEMBERS, Type.INT, 0, Range.atLeast(0),
          "Train each model on a seeded sample of this many members; 0: all of them.")
      .define(SAMPLE_SEED, Type.LONG, DEFAULT_SAMPLE_SEED, "Seed of that member sample.")
      .define(SHADOW_ENABLED, Type.BOOLEAN, DEFAULT_SHADOW_ENABLED,
          "Also train a shadow model on the SHADOW_MEMBER sequences, for the label-free attack.")
      .define(MODEL_DIR, Type.STRING, null, "Where trained models are checkpointed, one folder per version (unset: none).")
      .define(MODEL_PRESET, Type.STRING, PRESET_OVERFIT, ConfigDef.ValidString.in(
          TargetModelConfig.PRESETS.toArray(String[]::new)),
          "overfit: a target that memorises (the leak to audit); regular: dropout, weight decay, early stopping;"
              + " default: moderate. The trainer.model.* keys below override it.")
      .define(MODEL_EMBEDDING_SIZE, Type.INT, null, Range.atLeast(1), "Embedding size (unset: the preset's).")
      .define(MODEL_HEADS, Type.INT, null, Range.atLeast(1), "Attention heads; divides the embedding size.")
      .define(MODEL_LAYERS, Type.INT, null, Range.atLeast(1), "Causal transformer layers.")
      .define(MODEL_FEED_FORWARD_SIZE, Type.INT, null, Range.atLeast(1), "Feed-forward width.")
      .define(MODEL_MAX_LENGTH, Type.INT, null, Range.atLeast(1), "Longest input sequence, in items.")
      .define(MODEL_DROPOUT, Type.DOUBLE, null, Range.between(0, 1), "Dropout, below 1.")
      .define(MODEL_LEARNING_RATE, Type.DOUBLE, null, Range.atLeast(0), "Adam(W) learning rate, above 0.")
      .define(MODEL_WEIGHT_DECAY, Type.DOUBLE, null, Range.atLeast(0), "AdamW weight decay.")
      .define(MODEL_BATCH_SIZE, Type.INT, null, Range.atLeast(1), "Sequences per training batch.")
      .define(MODEL_EPOCHS, Type.INT, null, Range.atLeast(1), "Training epochs.")
      .define(MODEL_SEED, Type.LONG, null, "Seed of initialisation and batch order.")
      .removed(MAX_SEQUENCES, "the trainer no longer drops sequences beyond a count. It keeps every"
          + " sequence packed and spills to a local file beyond '" + STORE_MEMORY_MB + "' (default "
          + DEFAULT_STORE_MEMORY_MB + ", folder '" + STORE_DIR + "'); to train on fewer sequences set '"
          + SAMPLE_MEMBERS + "=N'. Remove '" + MAX_SEQUENCES + "' from the configuration."));

  /** Reads {@link #DEFINITION}'s keys; model keys override the chosen preset. Bad values stop with the key named. */
  public static TrainerConfig fromProperties(Properties p) {
    StageConfigDef.Values v = DEFINITION.parse(p);
    TargetModelConfig base = TargetModelConfig.preset(v.string(MODEL_PRESET));
    TargetModelConfig model;
    try {
      model = base.withHyperParameters(
          or(v.integer(MODEL_EMBEDDING_SIZE), base.embeddingSize()),
          or(v.integer(MODEL_HEADS), base.heads()),
          or(v.integer(MODEL_LAYERS), base.layers()),
          or(v.integer(MODEL_FEED_FORWARD_SIZE), base.feedForwardSize()),
          or(v.integer(MODEL_MAX_LENGTH), base.maxLength()),
          or(v.number(MODEL_DROPOUT), base.dropout()),
          or(v.number(MODEL_LEARNING_RATE), base.learningRate()),
          or(v.number(MODEL_WEIGHT_DECAY), base.weightDecay()),
          or(v.integer(MODEL_BATCH_SIZE), base.batchSize()),
          or(v.integer(MODEL_EPOCHS), base.epochs()),
          v.whole(MODEL_SEED) == null ? base.seed() : v.whole(MODEL_SEED));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trainer config (trainer.model.* keys): " + e.getMessage(), e);
    }
    return new TrainerConfig(v.bootstrapServers(), Topics.withPrefix(v.topicPrefix().trim()), v.string(GROUP_ID),
        model, v.millis(PROGRESS_TIMEOUT_MS), new StoreLimits(v.whole(STORE_MEMORY_MB) << 20, v.path(STORE_DIR)),
        new MemberSample(v.integer(SAMPLE_MEMBERS), v.whole(SAMPLE_SEED)), v.bool(SHADOW_ENABLED),
        v.path(MODEL_DIR), ChunkLimits.from(v, "trainer"), v.kafka());
  }

  private static int or(Integer value, int preset) {
    return value == null ? preset : value;
  }

  private static float or(Double value, float preset) {
    return value == null ? preset : value.floatValue();
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

}
