package io.seqmia.schemas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The registry of score-vector feature layouts: a vector names its layout ({@code featureLayout}) and carries only
 * the values; the names follow from the layout and the number of values. Since ScoreVector v3 the names are not
 * sent on every record (v1/v2 records still carry them, and a reader uses those when present: {@link #names}).
 *
 * <p>{@value #V1}: {@link #SUMMARY_NAMES} (31), then {@code logprob_i, logrank_i, mask_i} for each input position
 * {@code i = 0 .. max.length} (START plus up to max.length items), so {@code 31 + 3 * (max.length + 1)} features, 94
 * for the default max.length of 20. See docs/ARCHITECTURE.md.
 */
public final class FeatureLayouts {

  public static final String V1 = "seqmia-features-v1";
  /** Sorted top probabilities at the last position. */
  public static final int TOP_PROBABILITIES = 20;
  public static final List<String> SUMMARY_NAMES = summaryNames();

  private FeatureLayouts() {}

  /** The names of layout {@value #V1} for a model that reads up to {@code maxLength} items. */
  public static List<String> v1(int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("max length must be >= 1, got " + maxLength);
    }
    List<String> names = new ArrayList<>(SUMMARY_NAMES);
    for (int i = 0; i <= maxLength; i++) {
      names.add("logprob_" + i);
      names.add("logrank_" + i);
      names.add("mask_" + i);
    }
    return Collections.unmodifiableList(names);
  }

  /**
   * The names of a layout with {@code features} values.
   *
   * @throws IllegalArgumentException for an unknown layout, or a count the layout cannot have
   */
  public static List<String> names(String layout, int features) {
    if (!V1.equals(layout)) {
      throw new IllegalArgumentException("unknown feature layout '" + layout + "'; this build knows " + V1);
    }
    int perPosition = features - SUMMARY_NAMES.size();
    if (perPosition < 6 || perPosition % 3 != 0) {
      throw new IllegalArgumentException("layout " + V1 + " has 31 + 3 * (max.length + 1) features, not " + features);
    }
    return v1(perPosition / 3 - 1);
  }

  /** The vector's names: those it carries (v1/v2 records), else the layout's. */
  public static List<String> names(ScoreVector v) {
    if (!v.getFeatureNames().isEmpty()) {
      return v.getFeatureNames();
    }
    return names(v.getFeatureLayout(), v.getFeatures().size());
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
