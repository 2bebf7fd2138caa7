package io.seqmia.trainer;

import java.util.List;

/**
 * Hyper-parameters of the target recommender and its training.
 *
 * @param maxLength the most items of a sequence the model sees (longer ones keep their last items)
 * @param weightDecay decoupled (AdamW) weight decay; 0 trains with plain Adam
 * @param epochs passes over the member sequences (the most, when early stopping is on)
 * @param preset the name of the preset this config came from ({@value #PRESET_OVERFIT}, {@value #PRESET_REGULAR},
 *     {@value #PRESET_DEFAULT}) or {@value #PRESET_CUSTOM}; a label only, it changes nothing in training
 * @param patience early stopping: stop when the validation loss has not improved for this many epochs; 0 = off
 * @param validationFraction share of the member sequences held out (by seed) as the early-stopping validation
 *     slice; 0 when early stopping is off
 */
public record TargetModelConfig(
    int embeddingSize,
    int heads,
    int layers,
    int feedForwardSize,
    int maxLength,
    float dropout,
    float learningRate,
    float weightDecay,
    int batchSize,
    int epochs,
    long seed,
    String preset,
    int patience,
    float validationFraction) {

  public static final int DEFAULT_EMBEDDING = 64;
  public static final int DEFAULT_HEADS = 2;
  public static final int DEFAULT_LAYERS = 2;
  public static final int DEFAULT_FEED_FORWARD = 128;
  public static final int DEFAULT_MAX_LENGTH = 20;
  public static final float DEFAULT_DROPOUT = 0.1f;
  public static final float DEFAULT_LEARNING_RATE = 1e-3f;
  public static final float DEFAULT_WEIGHT_DECAY = 0f;
  public static final int DEFAULT_BATCH_SIZE = 128;
  public static final int DEFAULT_EPOCHS = 30;
  public static final long DEFAULT_SEED = 42L;

  /** Overfitting preset: no regularisation, a higher learning rate and enough epochs to memorise. */
  public static final float OVERFIT_LEARNING_RATE = 3e-3f;
  public static final int OVERFIT_EPOCHS = 50;

  /** Regularised preset: dropout, decoupled weight decay and early stopping on a slice of the members. */
  public static final float REGULAR_DROPOUT = 0.2f;
  public static final float REGULAR_WEIGHT_DECAY = 1e-4f;
  public static final int REGULAR_EPOCHS = 50;
  public static final int REGULAR_PATIENCE = 3;
  public static final float REGULAR_VALIDATION_FRACTION = 0.1f;

  public static final String PRESET_OVERFIT = "overfit";
  public static final String PRESET_REGULAR = "regular";
  public static final String PRESET_DEFAULT = "default";
  /** The label of a config that is none of the presets. */
  public static final String PRESET_CUSTOM = "custom";
  public static final List<String> PRESETS = List.of(PRESET_OVERFIT, PRESET_REGULAR, PRESET_DEFAULT);

  public TargetModelConfig {
    require(embeddingSize > 0, "embedding size must be > 0, got " + embeddingSize);
    require(heads > 0 && embeddingSize % heads == 0,
        "heads must be > 0 and divide the embedding size " + embeddingSize + ", got " + heads);
    require(layers > 0, "layers must be > 0, got " + layers);
    require(feedForwardSize > 0, "feed-forward size must be > 0, got " + feedForwardSize);
    require(maxLength > 0, "max length must be > 0, got " + maxLength);
    require(dropout >= 0f && dropout < 1f, "dropout must be in [0, 1), got " + dropout);
    require(learningRate > 0f && Float.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
    require(weightDecay >= 0f && Float.isFinite(weightDecay), "weight decay must be >= 0, got " + weightDecay);
    require(batchSize > 0, "batch size must be > 0, got " + batchSize);
    require(epochs > 0, "epochs must be > 0, got " + epochs);
    require(preset != null && !preset.isBlank(), "preset name must not be blank");
    require(patience >= 0, "patience must be >= 0 (0 = no early stopping), got " + patience);
    require(validationFraction >= 0f && validationFraction < 1f,
        "validation fraction must be in [0, 1), got " + validationFraction);
    require((patience == 0) == (validationFraction == 0f),
        "early stopping needs both patience > 0 and a validation fraction > 0 (or both 0), got patience "
            + patience + " and validation fraction " + validationFraction);
  }

  /**
   * A config built field by field, without early stopping. It carries the name of the preset whose values
   * it equals (so {@code fromProperties} without overrides still equals {@link #overfit()}), else
   * {@value #PRESET_CUSTOM}. Use {@link #withHyperParameters} to override a preset and keep its name.
   */
  public TargetModelConfig(int embeddingSize, int heads, int layers, int feedForwardSize, int maxLength,
      float dropout, float learningRate, float weightDecay, int batchSize, int epochs, long seed) {
    this(embeddingSize, heads, layers, feedForwardSize, maxLength, dropout, learningRate, weightDecay, batchSize,
        epochs, seed, presetMatching(embeddingSize, heads, layers, feedForwardSize, maxLength, dropout,
            learningRate, weightDecay, batchSize, epochs, seed), 0, 0f);
  }

  /** Moderate regularisation, no early stopping. */
  public static TargetModelConfig defaults() {
    return new TargetModelConfig(DEFAULT_EMBEDDING, DEFAULT_HEADS, DEFAULT_LAYERS, DEFAULT_FEED_FORWARD,
        DEFAULT_MAX_LENGTH, DEFAULT_DROPOUT, DEFAULT_LEARNING_RATE, DEFAULT_WEIGHT_DECAY,
        DEFAULT_BATCH_SIZE, DEFAULT_EPOCHS, DEFAULT_SEED, PRESET_DEFAULT, 0, 0f);
  }

  /** A target that memorises its members, so the audit has a leak to find. The default preset. */
  public static TargetModelConfig overfit() {
    return new TargetModelConfig(DEFAULT_EMBEDDING, DEFAULT_HEADS, DEFAULT_LAYERS, DEFAULT_FEED_FORWARD,
        DEFAULT_MAX_LENGTH, 0f, OVERFIT_LEARNING_RATE, 0f, DEFAULT_BATCH_SIZE, OVERFIT_EPOCHS, DEFAULT_SEED,
        PRESET_OVERFIT, 0, 0f);
  }

  /**
   * A target regularised for utility: dropout, AdamW weight decay, and early stopping when the loss on a
   * seeded {@value #REGULAR_VALIDATION_FRACTION} slice of the members has not improved for
   * {@value #REGULAR_PATIENCE} epochs (the best epoch's parameters are kept).
   */
  public static TargetModelConfig regular() {
    return new TargetModelConfig(DEFAULT_EMBEDDING, DEFAULT_HEADS, DEFAULT_LAYERS, DEFAULT_FEED_FORWARD,
        DEFAULT_MAX_LENGTH, REGULAR_DROPOUT, DEFAULT_LEARNING_RATE, REGULAR_WEIGHT_DECAY, DEFAULT_BATCH_SIZE,
        REGULAR_EPOCHS, DEFAULT_SEED, PRESET_REGULAR, REGULAR_PATIENCE, REGULAR_VALIDATION_FRACTION);
  }

  /** The preset called {@code name} (trimmed, case-insensitive): overfit, regular or default. */
  public static TargetModelConfig preset(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
    return switch (n) {
      case PRESET_OVERFIT -> overfit();
      case PRESET_REGULAR -> regular();
      case PRESET_DEFAULT -> defaults();
      default -> throw new IllegalArgumentException(
          "unknown target model preset '" + name + "': valid presets are " + String.join(", ", PRESETS));
    };
  }

  /** True when training holds out a validation slice of the members and stops early. */
  public boolean earlyStopping() {
    return patience > 0;
  }

  /** These hyper-parameters, keeping this config's preset name and early stopping. */
  public TargetModelConfig withHyperParameters(int embedding, int headCount, int layerCount, int feedForward,
      int maxItems, float dropoutRate, float rate, float decay, int batch, int epochCount, long randomSeed) {
    return new TargetModelConfig(embedding, headCount, layerCount, feedForward, maxItems, dropoutRate, rate, decay,
        batch, epochCount, randomSeed, preset, patience, validationFraction);
  }

  public TargetModelConfig withEpochs(int n) {
    return withHyperParameters(embeddingSize, heads, layers, feedForwardSize, maxLength, dropout,
        learningRate, weightDecay, batchSize, n, seed);
  }

  public TargetModelConfig withSize(int embedding, int headCount, int layerCount, int feedForward) {
    return withHyperParameters(embedding, headCount, layerCount, feedForward, maxLength, dropout,
        learningRate, weightDecay, batchSize, epochs, seed);
  }

  public TargetModelConfig withMaxLength(int n) {
    return withHyperParameters(embeddingSize, heads, layers, feedForwardSize, n, dropout,
        learningRate, weightDecay, batchSize, epochs, seed);
  }

  public TargetModelConfig withBatchSize(int n) {
    return withHyperParameters(embeddingSize, heads, layers, feedForwardSize, maxLength, dropout,
        learningRate, weightDecay, n, epochs, seed);
  }

  /** Early stopping with this patience and validation slice; (0, 0) turns it off. */
  public TargetModelConfig withEarlyStopping(int epochsWithoutImprovement, float fraction) {
    return new TargetModelConfig(embeddingSize, heads, layers, feedForwardSize, maxLength, dropout, learningRate,
        weightDecay, batchSize, epochs, seed, preset, epochsWithoutImprovement, fraction);
  }

  private static String presetMatching(int embeddingSize, int heads, int layers, int feedForwardSize,
      int maxLength, float dropout, float learningRate, float weightDecay, int batchSize, int epochs, long seed) {
    for (TargetModelConfig p : List.of(overfit(), defaults())) {
      if (p.embeddingSize == embeddingSize && p.heads == heads && p.layers == layers
          && p.feedForwardSize == feedForwardSize && p.maxLength == maxLength && p.dropout == dropout
          && p.learningRate == learningRate && p.weightDecay == weightDecay && p.batchSize == batchSize
          && p.epochs == epochs && p.seed == seed) {
        return p.preset;
      }
    }
    return PRESET_CUSTOM;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("invalid target model config: " + message);
    }
  }
}
