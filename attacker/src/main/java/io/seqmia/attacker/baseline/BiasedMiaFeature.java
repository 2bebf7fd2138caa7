package io.seqmia.attacker.baseline;

import java.util.List;

/**
 * Zhang et al.'s difference vector: the centre of what a user clicked minus the centre of what the
 * recommender returned. A recommender that was trained on a sequence tends to recommend items close to it,
 * so members' vectors are shorter / differently oriented than non-members'.
 *
 * <p>feature = mean over the history's clicks of their item vectors − Σ_j w_j·vector(top_j), with rank
 * weights w_j = (100 − j)/5050 for j = 0..99 (they sum to 1), as in the reference code
 * ({@code mlp_attack_model.py}).
 *
 * <p>Items without a vector (not in the factorised sessions) are skipped: the history mean is over the
 * known clicks, and the recommendation weights of the known items are renormalised to sum to 1 (with
 * fewer than 100 recommendations, the same renormalisation over the ranks present). A side with no known
 * item contributes a zero vector. Recommendations beyond rank 100 are ignored. A click repeated in the
 * history counts each time (the mean is over clicks, not distinct items).
 */
public final class BiasedMiaFeature {

  /** Recommendations used, best first. */
  public static final int TOP_K = 100;
  /** Σ_{j=0}^{99} (100 − j), the normaliser of the full list's rank weights. */
  public static final int RANK_WEIGHT_TOTAL = TOP_K * (TOP_K + 1) / 2;

  private BiasedMiaFeature() {}

  /** The weight of rank {@code rank} (0-based) in a full, fully known top-100 list. */
  public static double rankWeight(int rank) {
    if (rank < 0 || rank >= TOP_K) {
      throw new IllegalArgumentException("rank must be in [0, " + TOP_K + "), got " + rank);
    }
    return (double) (TOP_K - rank) / RANK_WEIGHT_TOTAL;
  }

  public static float[] of(List<String> history, List<String> topItems, ItemEmbeddings e) {
    if (e == null) {
      throw new IllegalArgumentException("no item embeddings");
    }
    if (history == null || topItems == null) {
      throw new IllegalArgumentException("history and recommendations must not be null (empty is allowed)");
    }
    int d = e.dimension();
    double[] historyCentre = new double[d];
    int known = 0;
    for (int p = 0; p < history.size(); p++) {
      float[] v = e.vectorOrNull(requireId(history.get(p), "history", p));
      if (v != null) {
        add(historyCentre, v, 1);
        known++;
      }
    }
    scale(historyCentre, known == 0 ? 0 : 1.0 / known);

    double[] recommendedCentre = new double[d];
    double weightSum = 0;
    for (int j = 0; j < Math.min(TOP_K, topItems.size()); j++) {
      float[] v = e.vectorOrNull(requireId(topItems.get(j), "recommendation list", j));
      if (v != null) {
        double w = rankWeight(j);
        add(recommendedCentre, v, w);
        weightSum += w;
      }
    }
    scale(recommendedCentre, weightSum == 0 ? 0 : 1.0 / weightSum);

    float[] out = new float[d];
    for (int t = 0; t < d; t++) {
      out[t] = (float) (historyCentre[t] - recommendedCentre[t]);
    }
    return out;
  }

  /** One feature row per sequence; both lists must have the same length. */
  public static float[][] matrix(List<List<String>> histories, List<List<String>> topItems, ItemEmbeddings e) {
    if (histories == null || topItems == null || histories.size() != topItems.size()) {
      throw new IllegalArgumentException("histories and recommendation lists must be non-null and of equal length, got "
          + (histories == null ? "null" : histories.size()) + " and " + (topItems == null ? "null" : topItems.size()));
    }
    float[][] x = new float[histories.size()][];
    for (int i = 0; i < x.length; i++) {
      try {
        x[i] = of(histories.get(i), topItems.get(i), e);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("sequence " + i + ": " + ex.getMessage(), ex);
      }
    }
    return x;
  }

  private static String requireId(String item, String where, int position) {
    if (item == null) {
      throw new IllegalArgumentException("the " + where + " has a null item id at position " + position);
    }
    return item;
  }

  private static void add(double[] sum, float[] v, double w) {
    for (int t = 0; t < sum.length; t++) {
      sum[t] += w * v[t];
    }
  }

  private static void scale(double[] x, double factor) {
    for (int t = 0; t < x.length; t++) {
      x[t] *= factor;
    }
  }
}
