package io.seqmia.attacker.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The seed paper's Figure 4: a t-SNE map of the target's score vectors, members red, non-members blue.
 * t-SNE is quadratic in the points, so a seeded sample of at most {@code maxPoints} rows is drawn (members
 * and non-members in their proportions); columns are standardised on that sample (t-SNE works on distances,
 * and the raw features mix log-probabilities, ranks and counts).
 */
final class TsneFigure {

  private TsneFigure() {}

  static void write(Path file, float[][] features, boolean[] members, int maxPoints, long seed) {
    int n = features.length;
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    int m = Math.min(n, maxPoints);
    int d = n == 0 ? 0 : features[0].length;
    double[][] x = new double[m][d];
    boolean[] y = new boolean[m];
    for (int k = 0; k < m; k++) {
      int i = order.get(k);
      for (int j = 0; j < d; j++) {
        x[k][j] = features[i][j];
      }
      y[k] = members[i];
    }
    standardise(x);
    Tsne.Config config = Tsne.Config.DEFAULT.fittedTo(m);
    double[][] embedding = Tsne.embed(x, config, seed);
    Plots.tsne(file, embedding, y, String.format(java.util.Locale.ROOT,
        "t-SNE of %d target score vectors (%s of %d evaluated), perplexity %.0f", m, m < n ? "sample" : "all", n,
        config.perplexity()));
  }

  /** Each column to mean 0 and standard deviation 1 (a constant column stays 0). */
  static void standardise(double[][] x) {
    if (x.length == 0) {
      return;
    }
    for (int j = 0; j < x[0].length; j++) {
      double mean = 0;
      for (double[] row : x) {
        mean += row[j];
      }
      mean /= x.length;
      double var = 0;
      for (double[] row : x) {
        var += (row[j] - mean) * (row[j] - mean);
      }
      double std = Math.sqrt(var / x.length);
      for (double[] row : x) {
        row[j] = std > 0 ? (row[j] - mean) / std : 0;
      }
    }
  }
}
