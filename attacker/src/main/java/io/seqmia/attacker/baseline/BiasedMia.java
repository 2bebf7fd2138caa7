package io.seqmia.attacker.baseline;

import io.seqmia.attacker.MlpAttack;
import java.util.List;

/**
 * Biased-MIA (Zhang et al., CCS 2021; named so by Wang et al., KDD 2022): an MLP over
 * {@link BiasedMiaFeature} difference vectors, trained on the shadow recommender's sequences labelled by
 * membership in the shadow's training set, then applied to the target's sequences.
 *
 * <p>The network is {@code d → 32 → 8 → 1 logit} with ReLU, run by {@link MlpAttack} (class balancing,
 * standardisation, Adam, early stopping on a validation fold). The paper's {@code 8 → 2} softmax layer
 * and this single sigmoid logit are the same model: softmax over two logits (a, b) equals
 * sigmoid(b − a), so one logit loses nothing.
 *
 * <p>Training differs from the reference code (plain SGD, batch 1, 20 epochs, no dropout) on purpose: it
 * is the same regime as {@code seqmia-mlp} (dropout 0.15, Adam, early stopping, balanced classes), so a
 * difference between the attacks comes from their features, not their training. On a synthetic case
 * with 600 shadow vectors dropout 0.15 lifted the target AUC from 0.83 to 0.88 (both ~0.99 at 2000).
 */
public final class BiasedMia implements AutoCloseable {

  /** The paper's hidden layers (100-32-8-2). */
  static final int[] HIDDEN = {32, 8};

  private final ItemEmbeddings embeddings;
  private final MlpAttack mlp;

  private BiasedMia(ItemEmbeddings embeddings, MlpAttack mlp) {
    this.embeddings = embeddings;
    this.mlp = mlp;
  }

  /** Hidden {32, 8}; otherwise {@link MlpAttack.Config#defaults()} (dropout 0.15, Adam 1e-3, batch 64, ...). */
  public static MlpAttack.Config defaultConfig() {
    MlpAttack.Config d = MlpAttack.Config.defaults();
    return new MlpAttack.Config(HIDDEN, d.dropout(), d.learningRate(), d.batchSize(), d.maxEpochs(), d.patience(),
        d.validationFraction());
  }

  public static BiasedMia train(List<List<String>> histories, List<List<String>> topItems, boolean[] members,
      ItemEmbeddings e, long seed) {
    return train(histories, topItems, members, e, seed, defaultConfig());
  }

  /**
   * @param histories the shadow-side sequences (item ids in click order)
   * @param topItems the shadow model's recommendations for each, best first
   * @param members whether each sequence was in the shadow model's training set
   */
  public static BiasedMia train(List<List<String>> histories, List<List<String>> topItems, boolean[] members,
      ItemEmbeddings e, long seed, MlpAttack.Config config) {
    if (members == null || histories == null || members.length != histories.size()) {
      throw new IllegalArgumentException("one membership label per history is needed, got "
          + (members == null ? "null" : members.length) + " labels for "
          + (histories == null ? "null" : histories.size()) + " histories");
    }
    if (e == null) {
      throw new IllegalArgumentException("no item embeddings: fit them with ItemEmbeddings.fit first");
    }
    float[][] x = BiasedMiaFeature.matrix(histories, topItems, e);
    return new BiasedMia(e, MlpAttack.train(x, members, seed, config));
  }

  /** Member probabilities, one per sequence (e.g. the target model's histories and recommendations). */
  public double[] predict(List<List<String>> histories, List<List<String>> topItems) {
    float[][] x = BiasedMiaFeature.matrix(histories, topItems, embeddings);
    return x.length == 0 ? new double[0] : mlp.predict(x);
  }

  public ItemEmbeddings embeddings() {
    return embeddings;
  }

  /** Size of the balanced training set (training and validation folds). */
  public int trainingExamples() {
    return mlp.usedIndices().length;
  }

  public int epochs() {
    return mlp.epochs();
  }

  public double bestValidationLoss() {
    return mlp.bestValidationLoss();
  }

  @Override
  public void close() {
    mlp.close();
  }
}
