package io.seqmia.attacker;

/**
 * Per-feature z-scoring, fitted on the attack's training vectors only (so nothing about the evaluation
 * set leaks into training). A constant feature gets std 1: it becomes 0 instead of NaN.
 */
public final class Standardizer {

  private final float[] mean;
  private final float[] std;

  private Standardizer(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  public static Standardizer fit(float[][] x) {
    if (x == null || x.length == 0) {
      throw new IllegalArgumentException("cannot fit a standardizer on no vectors");
    }
    int d = x[0].length;
    double[] sum = new double[d];
    for (float[] row : x) {
      checkWidth(row, d);
      for (int j = 0; j < d; j++) {
        sum[j] += row[j];
      }
    }
    float[] mean = new float[d];
    for (int j = 0; j < d; j++) {
      mean[j] = (float) (sum[j] / x.length);
    }
    double[] sq = new double[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        double diff = row[j] - mean[j];
        sq[j] += diff * diff;
      }
    }
    float[] std = new float[d];
    for (int j = 0; j < d; j++) {
      double s = Math.sqrt(sq[j] / x.length);
      std[j] = s > 1e-12 && Double.isFinite(s) ? (float) s : 1f;
    }
    return new Standardizer(mean, std);
  }

  /** A standardizer with known statistics (a saved attack model's); std must be positive. */
  public static Standardizer of(float[] mean, float[] std) {
    if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException("mean and std must be non-empty and of equal length");
    }
    for (int j = 0; j < mean.length; j++) {
      if (!Float.isFinite(mean[j]) || !Float.isFinite(std[j]) || !(std[j] > 0)) {
        throw new IllegalArgumentException("feature " + j + ": mean " + mean[j] + " and std " + std[j]
            + " must be finite, std positive");
      }
    }
    return new Standardizer(mean.clone(), std.clone());
  }

  public int dimension() {
    return mean.length;
  }

  public float[] transform(float[] row) {
    checkWidth(row, mean.length);
    float[] out = new float[row.length];
    for (int j = 0; j < row.length; j++) {
      out[j] = (row[j] - mean[j]) / std[j];
    }
    return out;
  }

  public float[][] transform(float[][] x) {
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = transform(x[i]);
    }
    return out;
  }

  public float[] mean() {
    return mean.clone();
  }

  public float[] std() {
    return std.clone();
  }

  private static void checkWidth(float[] row, int d) {
    if (row == null || row.length != d) {
      throw new IllegalArgumentException(
          "feature vector has " + (row == null ? "no" : row.length) + " values, expected " + d);
    }
  }
}
