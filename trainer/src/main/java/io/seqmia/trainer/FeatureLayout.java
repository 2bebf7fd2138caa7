package io.seqmia.trainer;

import io.seqmia.schemas.FeatureLayouts;
import java.util.List;

/**
 * The score vector layout {@value #NAME} (see docs/ARCHITECTURE.md), defined once in the schemas module's
 * {@link FeatureLayouts} registry: summary statistics first, then three features per input position. Since
 * ScoreVector v3 the names are not sent with each vector; readers derive them from the layout and the count.
 */
public final class FeatureLayout {

  public static final String NAME = FeatureLayouts.V1;
  /** Sorted top probabilities at the last position. */
  public static final int TOP_PROBABILITIES = FeatureLayouts.TOP_PROBABILITIES;
  /** Recommended items kept in {@code topItemIndices}. */
  public static final int TOP_ITEMS = 100;
  /** The cut-off of {@code hit_at_20}. */
  public static final int HIT_CUTOFF = 20;

  public static final List<String> SUMMARY_NAMES = FeatureLayouts.SUMMARY_NAMES;

  private FeatureLayout() {}

  /** All feature names, in vector order, for a model that reads up to {@code maxLength} items. */
  public static List<String> names(int maxLength) {
    return FeatureLayouts.v1(maxLength);
  }

  /** Positions per sequence: START plus up to {@code maxLength} items. */
  public static int positions(int maxLength) {
    return maxLength + 1;
  }
}
