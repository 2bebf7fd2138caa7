package io.seqmia.attacker;

import io.seqmia.schemas.ScoreVector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MLP attack with the access Biased-MIA and DL-MIA have (mode {@value #MODE}): the target's recommendation list
 * ({@code topItems}, best first) and the sequence's own history ({@code items}), nothing of the model's scores. It
 * trains on the same labelled target vectors as the labelled mode, so the table separates what richer access gives
 * from what the method gives. docs/ATTACK.md, "Fair access".
 */
final class BlackBoxAttack {

  static final String MODE = "black-box";
  /** The cut-offs of the list at which the share of the history found in it is measured. */
  static final int[] CUTOFFS = {1, 5, 10, 20, 50, 100};
  static final List<String> FEATURE_NAMES = List.of("log_history_length", "history_in_top1", "history_in_top5",
      "history_in_top10", "history_in_top20", "history_in_top50", "history_in_top100", "last_item_reciprocal_rank",
      "mean_reciprocal_rank", "best_reciprocal_rank", "list_length");

  private BlackBoxAttack() {}

  /**
   * The black-box features of one vector: how much of its history the list holds, and how high. Reads only
   * {@code items} and {@code topItems}.
   */
  static float[] features(ScoreVector v) {
    List<String> history = v.getItems();
    List<String> list = v.getTopItems();
    Map<String, Integer> rank = new HashMap<>(list.size() * 2);
    for (int r = list.size() - 1; r >= 0; r--) {
      rank.put(list.get(r), r); // the best rank of an item listed twice
    }
    float[] f = new float[FEATURE_NAMES.size()];
    f[0] = (float) Math.log1p(history.size());
    double reciprocalSum = 0;
    double best = 0;
    int[] found = new int[CUTOFFS.length];
    for (String item : history) {
      Integer r = rank.get(item);
      if (r == null) {
        continue;
      }
      reciprocalSum += 1.0 / (r + 1);
      best = Math.max(best, 1.0 / (r + 1));
      for (int c = 0; c < CUTOFFS.length; c++) {
        if (r < CUTOFFS[c]) {
          found[c]++;
        }
      }
    }
    for (int c = 0; c < CUTOFFS.length; c++) {
      f[1 + c] = history.isEmpty() ? 0 : (float) found[c] / history.size();
    }
    Integer last = history.isEmpty() ? null : rank.get(history.get(history.size() - 1));
    f[1 + CUTOFFS.length] = last == null ? 0 : 1f / (last + 1);
    f[2 + CUTOFFS.length] = history.isEmpty() ? 0 : (float) (reciprocalSum / history.size());
    f[3 + CUTOFFS.length] = (float) best;
    f[4 + CUTOFFS.length] = (float) Math.log1p(list.size());
    return f;
  }

  /** Why the mode cannot run on these vectors, or null: it needs every vector's list and history. */
  static String unusable(List<ScoreVector> vectors) {
    for (ScoreVector v : vectors) {
      if (v.getTopItems().isEmpty() || v.getItems().isEmpty()) {
        return MODE + ": needs every vector's recommendation list (topItems, resolved from VOCABULARY) and history"
            + " (items); " + v.getSequenceId() + " lacks one";
      }
    }
    return null;
  }

  /**
   * Trains on the labelled rows {@code train} and scores every vector: each one's member probability.
   *
   * @param train indices of the vectors whose label the attacker knows
   */
  static double[] scores(List<ScoreVector> vectors, List<Integer> train, long seed, MlpAttack.Config config) {
    float[][] x = new float[vectors.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = features(vectors.get(i));
    }
    float[][] trainX = new float[train.size()][];
    boolean[] trainY = new boolean[train.size()];
    for (int k = 0; k < train.size(); k++) {
      trainX[k] = x[train.get(k)];
      trainY[k] = vectors.get(train.get(k)).getMember();
    }
    try (MlpAttack mlp = MlpAttack.train(trainX, trainY, seed, config)) {
      return mlp.predict(x);
    }
  }
}
