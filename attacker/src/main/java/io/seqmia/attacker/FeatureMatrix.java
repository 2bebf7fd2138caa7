package io.seqmia.attacker;

import io.seqmia.schemas.ScoreVector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Score vectors as a float matrix, columns in the order of the first vector's feature names. Vectors
 * whose names come in another order are re-ordered by name, so the columns always mean the same thing.
 */
public final class FeatureMatrix {

  /** The only layout this attacker understands. */
  public static final String LAYOUT = "seqmia-features-v1";
  /** The per-sequence mean negative log-likelihood: the loss-threshold attack's signal. */
  public static final String NLL_MEAN = "nll_mean";

  private final List<String> names;
  private final Map<String, Integer> column;

  private FeatureMatrix(List<String> names) {
    this.names = List.copyOf(names);
    this.column = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (column.put(names.get(i), i) != null) {
        throw new IllegalArgumentException("feature name '" + names.get(i) + "' appears twice");
      }
    }
    if (!column.containsKey(NLL_MEAN)) {
      throw new IllegalArgumentException("score vectors lack the feature '" + NLL_MEAN + "' (layout " + LAYOUT + ")");
    }
  }

  /** The column layout of {@code reference}. */
  public static FeatureMatrix of(ScoreVector reference) {
    checkLayout(reference);
    return new FeatureMatrix(strings(names(reference)));
  }

  /** The column layout {@code names} (a saved attack model's), in that order. */
  public static FeatureMatrix of(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException("no feature names");
    }
    return new FeatureMatrix(names);
  }

  public List<String> names() {
    return names;
  }

  public int nllMeanColumn() {
    return column.get(NLL_MEAN);
  }

  public float[][] rows(List<ScoreVector> vectors) {
    float[][] x = new float[vectors.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = row(vectors.get(i));
    }
    return x;
  }

  /** One vector's features in this matrix's column order; a clear error for anything unusable. */
  public float[] row(ScoreVector v) {
    checkLayout(v);
    List<Float> values = v.getFeatures();
    List<? extends CharSequence> vNames = names(v);
    if (values.size() != vNames.size()) {
      throw new IllegalArgumentException("score vector " + v.getSequenceId() + " has " + values.size()
          + " features but " + vNames.size() + " feature names");
    }
    float[] row = new float[names.size()];
    boolean sameOrder = vNames.size() == names.size() && strings(vNames).equals(names);
    if (sameOrder) {
      for (int j = 0; j < row.length; j++) {
        row[j] = values.get(j);
      }
    } else {
      boolean[] seen = new boolean[names.size()];
      for (int k = 0; k < vNames.size(); k++) {
        Integer j = column.get(vNames.get(k).toString());
        if (j != null) {
          row[j] = values.get(k);
          seen[j] = true;
        }
      }
      for (int j = 0; j < seen.length; j++) {
        if (!seen[j]) {
          throw new IllegalArgumentException("score vector " + v.getSequenceId() + " lacks the feature '"
              + names.get(j) + "' that the other vectors have");
        }
      }
    }
    for (int j = 0; j < row.length; j++) {
      if (!Float.isFinite(row[j])) {
        throw new IllegalArgumentException("score vector " + v.getSequenceId() + ": feature '" + names.get(j)
            + "' is " + row[j]);
      }
    }
    return row;
  }

  private static void checkLayout(ScoreVector v) {
    if (v == null) {
      throw new IllegalArgumentException("null score vector");
    }
    String layout = v.getFeatureLayout() == null ? null : v.getFeatureLayout().toString();
    if (!LAYOUT.equals(layout)) {
      throw new IllegalArgumentException("score vector " + v.getSequenceId() + " has feature layout '" + layout
          + "'; this attacker reads only " + LAYOUT);
    }
  }

  /** The vector's names: carried (ScoreVector v1/v2) or from the layout registry (v3, see FeatureLayouts). */
  private static List<? extends CharSequence> names(ScoreVector v) {
    try {
      return io.seqmia.schemas.FeatureLayouts.names(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("score vector " + v.getSequenceId() + ": " + e.getMessage(), e);
    }
  }

  private static List<String> strings(List<? extends CharSequence> names) {
    return names.stream().map(CharSequence::toString).toList();
  }
}
