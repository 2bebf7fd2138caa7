package io.seqmia.trainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The score vector layout {@value #NAME} (see docs/ARCHITECTURE.md): summary statistics first, then
 * three features per input position. The per-position part depends on the model's max length, which is
 * why the names travel with every vector.
 */
public final class FeatureLayout {

  public static final String NAME = "seqmia-features-v1";
  /** Sorted top probabilities at the last position. */
  public static final int TOP_PROBABILITIES = 20;
  /** Recommended item ids kept in {@code topItems}. */
  public static final int TOP_ITEMS = 100;
  /** The cut-off of {@code hit_at_20}. */
  public static final int HIT_CUTOFF = 20;

  public static final List<String> SUMMARY_NAMES = summaryNames();

  private FeatureLayout() {}

  /** All feature names, in vector order, for a model that reads up to {@code maxLength} items. */
  public static List<String> names(int maxLength) {
    List<String> names = new ArrayList<>(SUMMARY_NAMES);
    for (int i = 0; i < positions(maxLength); i++) {
      names.add("logprob_" + i);
      names.add("logrank_" + i);
      names.add("mask_" + i);
    }
    return Collections.unmodifiableList(names);
  }

  /** Positions per sequence: START plus up to {@code maxLength} items. */
  public static int positions(int maxLength) {
    return maxLength + 1;
  }

  private static List<String> summaryNames() {
    List<String> names = new ArrayList<>(List.of(
        "nll_mean", "nll_min", "nll_max", "nll_std", "nll_last", "logrank_mean", "hit_at_1", "hit_at_20",
        "length", "entropy_last", "entropy_mean"));
    for (int k = 1; k <= TOP_PROBABILITIES; k++) {
      names.add(String.format("top_prob_%02d", k));
    }
    return Collections.unmodifiableList(names);
  }
}
