package io.seqmia.attacker.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TsneTest {

  private static final int DIMENSIONS = 20;

  @Test
  void wellSeparatedClustersStaySeparated() {
    int n = 200;
    double[][] x = new double[n][];
    int[] cluster = new int[n];
    Random random = new Random(3);
    for (int i = 0; i < n; i++) {
      cluster[i] = i % 2;
      x[i] = gaussian(random, cluster[i] == 0 ? 0 : 6); // means 6·sqrt(20) ≈ 27 apart, sd 1 per axis
    }
    double[][] y = Tsne.embed(x, Tsne.Config.DEFAULT, 11);
    assertEquals(n, y.length);
    assertEquals(2, y[0].length);
    assertTrue(nearestNeighbourAgreement(y, cluster) > 0.95, "1-NN agreement " + nearestNeighbourAgreement(y, cluster));
    // and the clusters are far apart relative to their size: centroid distance > 2 × mean within-cluster radius
    double[][] centroid = new double[2][2];
    for (int i = 0; i < n; i++) {
      centroid[cluster[i]][0] += y[i][0] / (n / 2.0);
      centroid[cluster[i]][1] += y[i][1] / (n / 2.0);
    }
    double radius = 0;
    for (int i = 0; i < n; i++) {
      radius += Math.hypot(y[i][0] - centroid[cluster[i]][0], y[i][1] - centroid[cluster[i]][1]) / n;
    }
    double gap = Math.hypot(centroid[0][0] - centroid[1][0], centroid[0][1] - centroid[1][1]);
    assertTrue(gap > 2 * radius, "gap " + gap + " vs radius " + radius);
  }

  @Test
  void threeClustersInOverlappingNoiseAreRecovered() {
    // three clusters of 60 whose means differ in 3 of 20 features only: local structure t-SNE must keep
    int n = 180;
    double[][] x = new double[n][];
    int[] cluster = new int[n];
    Random random = new Random(8);
    for (int i = 0; i < n; i++) {
      cluster[i] = i % 3;
      x[i] = gaussian(random, 0);
      x[i][cluster[i]] += 5;
    }
    double[][] y = Tsne.embed(x, Tsne.Config.DEFAULT.withPerplexity(20), 5);
    assertTrue(nearestNeighbourAgreement(y, cluster) > 0.9, "1-NN agreement " + nearestNeighbourAgreement(y, cluster));
  }

  @Test
  void deterministicInTheSeedAndIndependentOfTheThreadCount() {
    double[][] x = new double[120][];
    Random random = new Random(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = gaussian(random, i % 2 * 3);
    }
    Tsne.Config config = new Tsne.Config(20, 300, 200, 12, 100, 0.5, 0.8, 1);
    double[][] a = Tsne.embed(x, config, 42);
    double[][] b = Tsne.embed(x, config, 42);
    double[][] threaded = Tsne.embed(x, config.withThreads(4), 42);
    double[][] other = Tsne.embed(x, config, 43);
    boolean differs = false;
    for (int i = 0; i < x.length; i++) {
      assertArrayEquals(a[i], b[i], 0.0);
      assertArrayEquals(a[i], threaded[i], 0.0);
      differs |= a[i][0] != other[i][0];
    }
    assertTrue(differs, "another seed should start elsewhere");
  }

  @Test
  void eachPointsGaussianHasTheRequestedPerplexity() {
    Random random = new Random(9);
    double[] distances = new double[300];
    for (int j = 0; j < distances.length; j++) {
      distances[j] = j == 17 ? 0 : 50 + 40 * random.nextDouble() * random.nextDouble();
    }
    for (double perplexity : new double[] {5, 30, 90}) {
      double[] row = new double[distances.length];
      Tsne.conditionalRow(distances, 17, perplexity, row, 0);
      double sum = 0, entropy = 0;
      for (double v : row) {
        sum += v;
        entropy -= v > 0 ? v * Math.log(v) : 0;
      }
      assertEquals(1, sum, 1e-12);
      assertEquals(0, row[17]);
      assertEquals(perplexity, Math.exp(entropy), perplexity * 1e-4);
      // the nearest neighbour gets the most weight
      int nearest = 0;
      for (int j = 0; j < distances.length; j++) {
        if (j != 17 && (nearest == 17 || distances[j] < distances[nearest])) {
          nearest = j;
        }
      }
      for (double v : row) {
        assertTrue(v <= row[nearest]);
      }
    }
  }

  @Test
  void jointProbabilitiesAreSymmetricAndSumToOne() {
    Random random = new Random(2);
    double[][] x = new double[40][];
    for (int i = 0; i < x.length; i++) {
      x[i] = gaussian(random, 0);
    }
    double[] p = Tsne.jointProbabilities(x, 10);
    int n = x.length;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (j > i) {
          assertTrue(p[i * n + j] >= Tsne.MIN_P);
          sum += 2 * p[i * n + j];
        } else {
          assertEquals(0, p[i * n + j]); // only the upper triangle is kept
        }
      }
    }
    assertEquals(1, sum, 1e-9);
  }

  @Test
  void theEmbeddingLowersTheKlDivergence() {
    Random random = new Random(4);
    double[][] x = new double[100][];
    for (int i = 0; i < x.length; i++) {
      x[i] = gaussian(random, i % 4);
    }
    Tsne.Config config = Tsne.Config.DEFAULT.withPerplexity(15);
    double[] p = Tsne.jointProbabilities(x, 15);
    double[][] start = Tsne.embed(x, new Tsne.Config(15, 1, 200, 1, 0, 0.5, 0.8, 1), 1);
    double[][] done = Tsne.embed(x, config, 1);
    double before = Tsne.klDivergence(p, start), after = Tsne.klDivergence(p, done);
    assertTrue(after < 0.5 * before, "KL " + before + " -> " + after);
  }

  @Test
  void theGradientMatchesFiniteDifferencesOfTheKlDivergence() {
    Random random = new Random(6);
    double[][] x = new double[30][];
    for (int i = 0; i < x.length; i++) {
      x[i] = gaussian(random, i % 3);
    }
    double[] p = Tsne.jointProbabilities(x, 5);
    double[][] y = new double[x.length][2];
    for (double[] point : y) {
      point[0] = random.nextGaussian();
      point[1] = random.nextGaussian();
    }
    double[][] analytic = Tsne.gradient(p, y);
    double h = 1e-6;
    for (int i = 0; i < y.length; i += 7) {
      for (int k = 0; k < 2; k++) {
        double keep = y[i][k];
        y[i][k] = keep + h;
        double up = Tsne.klDivergence(p, y);
        y[i][k] = keep - h;
        double down = Tsne.klDivergence(p, y);
        y[i][k] = keep;
        assertEquals((up - down) / (2 * h), analytic[i][k], 1e-6, "point " + i + " axis " + k);
      }
    }
  }

  @Test
  void badInputIsRejectedWithAReason() {
    Random random = new Random(5);
    double[][] few = new double[50][];
    for (int i = 0; i < few.length; i++) {
      few[i] = gaussian(random, 0);
    }
    IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
        () -> Tsne.embed(few, Tsne.Config.DEFAULT, 1)); // perplexity 30 needs 91 points
    assertTrue(tooFew.getMessage().contains("needs at least 91 points"), tooFew.getMessage());
    Tsne.Config fitted = Tsne.Config.DEFAULT.fittedTo(few.length);
    assertEquals(49 / 3.0, fitted.perplexity(), 1e-12);
    assertEquals(50, Tsne.embed(few, fitted, 1).length);

    double[][] ragged = copy(few);
    ragged[7] = new double[DIMENSIONS - 1];
    IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
        () -> Tsne.embed(ragged, fitted, 1));
    assertTrue(r.getMessage().contains("point 7"), r.getMessage());

    double[][] nan = copy(few);
    nan[3][2] = Double.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tsne.embed(nan, fitted, 1));
    assertTrue(e.getMessage().contains("point 3 feature 2"), e.getMessage());
    double[][] infinite = copy(few);
    infinite[0][0] = Double.POSITIVE_INFINITY;
    assertThrows(IllegalArgumentException.class, () -> Tsne.embed(infinite, fitted, 1));

    assertThrows(IllegalArgumentException.class, () -> Tsne.embed(new double[0][], fitted, 1));
    assertThrows(IllegalArgumentException.class, () -> Tsne.embed(null, fitted, 1));
    assertThrows(IllegalArgumentException.class, () -> Tsne.embed(few, null, 1));
    assertThrows(IllegalArgumentException.class,
        () -> Tsne.embed(new double[Tsne.MAX_POINTS + 1][1], Tsne.Config.DEFAULT, 1));
    assertThrows(IllegalArgumentException.class, () -> Tsne.Config.DEFAULT.withPerplexity(0.5));
    assertThrows(IllegalArgumentException.class, () -> new Tsne.Config(30, 100, 200, 12, 250, 0.5, 0.8, 0));
    assertThrows(IllegalArgumentException.class, () -> new Tsne.Config(30, 100, -1, 12, 50, 0.5, 0.8, 0));
    assertThrows(IllegalArgumentException.class, () -> Tsne.Config.DEFAULT.withThreads(-1));
  }

  @Test
  void identicalPointsDoNotBreakTheCalibration() {
    double[][] x = new double[40][3]; // all zero: every distance 0, P uniform
    double[][] y = Tsne.embed(x, Tsne.Config.DEFAULT.fittedTo(40), 1);
    for (double[] point : y) {
      assertFalse(Double.isNaN(point[0]) || Double.isNaN(point[1]));
    }
  }

  private static double[] gaussian(Random random, double mean) {
    double[] v = new double[DIMENSIONS];
    for (int k = 0; k < DIMENSIONS; k++) {
      v[k] = mean + random.nextGaussian();
    }
    return v;
  }

  private static double[][] copy(double[][] x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].clone();
    }
    return out;
  }

  /** Share of points whose nearest other point in the embedding has the same label. */
  static double nearestNeighbourAgreement(double[][] y, int[] label) {
    int agree = 0;
    for (int i = 0; i < y.length; i++) {
      int best = -1;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (int j = 0; j < y.length; j++) {
        double d = Math.hypot(y[i][0] - y[j][0], y[i][1] - y[j][1]);
        if (j != i && d < bestDistance) {
          bestDistance = d;
          best = j;
        }
      }
      if (label[best] == label[i]) {
        agree++;
      }
    }
    return (double) agree / y.length;
  }
}
