package io.seqmia.trainer;

/**
 * Hyper-parameters of the target recommender and its training.
 *
 * @param maxLength the most items of a sequence the model sees (longer ones keep their last items)
 * @param epochs passes over the member sequences
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
    long seed) {

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

  public TargetModelConfig {
    require(embeddingSize > 0, "embedding size must be > 0, got " + embeddingSize);
    require(heads > 0 && embeddingSize % heads == 0,
        "heads must be > 0 and divide the embedding size " + embeddingSize + ", got " + heads);
    require(layers > 0, "layers must be > 0, got " + layers);
    require(feedForwardSize > 0, "feed-forward size must be > 0, got " + feedForwardSize);
    require(maxLength > 0, "max length must be > 0, got " + maxLength);
    require(dropout >= 0f && dropout < 1f, "dropout must be in [0, 1), got " + dropout);
    require(learningRate > 0f && Float.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
    require(weightDecay >= 0f, "weight decay must be >= 0, got " + weightDecay);
    require(batchSize > 0, "batch size must be > 0, got " + batchSize);
    require(epochs > 0, "epochs must be > 0, got " + epochs);
  }

  public static TargetModelConfig defaults() {
    return new TargetModelConfig(DEFAULT_EMBEDDING, DEFAULT_HEADS, DEFAULT_LAYERS, DEFAULT_FEED_FORWARD,
        DEFAULT_MAX_LENGTH, DEFAULT_DROPOUT, DEFAULT_LEARNING_RATE, DEFAULT_WEIGHT_DECAY,
        DEFAULT_BATCH_SIZE, DEFAULT_EPOCHS, DEFAULT_SEED);
  }

  /** A target that memorises its members, so the audit has a leak to find. */
  public static TargetModelConfig overfit() {
    return new TargetModelConfig(DEFAULT_EMBEDDING, DEFAULT_HEADS, DEFAULT_LAYERS, DEFAULT_FEED_FORWARD,
        DEFAULT_MAX_LENGTH, 0f, OVERFIT_LEARNING_RATE, 0f, DEFAULT_BATCH_SIZE, OVERFIT_EPOCHS, DEFAULT_SEED);
  }

  public TargetModelConfig withEpochs(int n) {
    return new TargetModelConfig(embeddingSize, heads, layers, feedForwardSize, maxLength, dropout,
        learningRate, weightDecay, batchSize, n, seed);
  }

  public TargetModelConfig withSize(int embedding, int headCount, int layerCount, int feedForward) {
    return new TargetModelConfig(embedding, headCount, layerCount, feedForward, maxLength, dropout,
        learningRate, weightDecay, batchSize, epochs, seed);
  }

  public TargetModelConfig withMaxLength(int n) {
    return new TargetModelConfig(embeddingSize, heads, layers, feedForwardSize, n, dropout,
        learningRate, weightDecay, batchSize, epochs, seed);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("invalid target model config: " + message);
    }
  }
}
