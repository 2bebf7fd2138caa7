package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap intervals. With one row per cluster it is the stratified bootstrap of rows, pinned by the first
 * tests (exact cases, coverage, width against Hanley and McNeil); the clustered cases have known answers of their
 * own: a data set whose every row is copied k times, copies clustered together, gives exactly the intervals of the
 * data set itself.
 */
class ClusterBootstrapTest {

  /** The AUC interval with one cluster per row. */
  private static double[] auc(double[] scores, boolean[] labels, int resamples, double level, long seed) {
    return ClusterBootstrap.intervals(scores, labels, singletons(scores.length), resamples, level, seed).auc();
  }

  private static int[] singletons(int n) {
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      c[i] = i;
    }
    return c;
  }

  @Test
  void copiesClusteredTogetherGiveExactlyTheIntervalsOfTheOriginalRows() {
    Random random = new Random(11);
    int n = 300;
    int copies = 3;
    double[] scores = new double[n];
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3 == 0;
      scores[i] = Math.round((random.nextGaussian() + (labels[i] ? 1.2 : 0)) * 20) / 20.0; // ties too
    }
    double[] copiedScores = new double[n * copies];
    boolean[] copiedLabels = new boolean[n * copies];
    int[] byOriginal = new int[n * copies];
    for (int k = 0; k < n * copies; k++) {
      int i = (k * 7) % n; // the copies interleaved, not in runs
      copiedScores[k] = scores[i];
      copiedLabels[k] = labels[i];
      byOriginal[k] = i;
    }
    ClusterBootstrap.Intervals original = ClusterBootstrap.intervals(scores, labels, singletons(n), 1000, 0.95, 5);
    ClusterBootstrap.Intervals clustered =
        ClusterBootstrap.intervals(copiedScores, copiedLabels, byOriginal, 1000, 0.95, 5);
    // a drawn cluster adds every count k times: the same resamples, the same ratios
    assertArrayEquals(original.auc(), clustered.auc(), 1e-12);
    assertArrayEquals(original.tprAt1Fpr(), clustered.tprAt1Fpr(), 1e-12);
    assertArrayEquals(original.tprAt01Fpr(), clustered.tprAt01Fpr(), 1e-12);
    assertEquals(n, clustered.clusters());

    // treating the copies as independent rows claims about sqrt(k) times the precision the data has
    double[] naive = auc(copiedScores, copiedLabels, 1000, 0.95, 5);
    double ratio = (naive[1] - naive[0]) / (original.auc()[1] - original.auc()[0]);
    assertTrue(ratio > 0.45 && ratio < 0.7, "naive / clustered width " + ratio + ", 1/sqrt(3) = 0.577");
  }

  @Test
  void aMemberAndItsNonMemberVariantTravelTogether() {
    // a member session and its non-member near-copy: each pair is one cluster
    Random random = new Random(3);
    int pairs = 200;
    double[] scores = new double[2 * pairs];
    boolean[] labels = new boolean[2 * pairs];
    int[] cluster = new int[2 * pairs];
    for (int p = 0; p < pairs; p++) {
      double shared = random.nextGaussian();
      scores[2 * p] = shared + 0.5 + 0.3 * random.nextGaussian();
      labels[2 * p] = true;
      scores[2 * p + 1] = shared + 0.3 * random.nextGaussian();
      cluster[2 * p] = p;
      cluster[2 * p + 1] = p;
    }
    ClusterBootstrap.Intervals ci = ClusterBootstrap.intervals(scores, labels, cluster, 500, 0.95, 9);
    double auc = Metrics.rocAuc(scores, labels);
    assertTrue(ci.auc()[0] < auc && auc < ci.auc()[1], auc + " outside " + ci.auc()[0] + ".." + ci.auc()[1]);
    assertEquals(pairs, ci.clusters());
    assertTrue(ci.tprAt1Fpr()[0] <= ci.tprAt1Fpr()[1] && ci.tprAt01Fpr()[1] <= ci.tprAt1Fpr()[1] + 1e-12);
  }

  @Test
  void theTprFromCountsIsTheTprOfTheRocCurve() {
    Random random = new Random(8);
    for (int trial = 0; trial < 50; trial++) {
      int n = 50 + random.nextInt(400);
      double[] scores = new double[n];
      boolean[] labels = new boolean[n];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextBoolean();
        scores[i] = random.nextInt(40) + (labels[i] ? random.nextInt(10) : 0); // many ties
      }
      labels[0] = true;
      labels[1] = false;
      int[] group = Metrics.distinctScoreGroups(scores);
      int groups = java.util.Arrays.stream(group).max().getAsInt() + 1;
      int[] memberCount = new int[groups];
      int[] nonMemberCount = new int[groups];
      long positives = 0;
      for (int i = 0; i < n; i++) {
        if (labels[i]) {
          memberCount[group[i]]++;
          positives++;
        } else {
          nonMemberCount[group[i]]++;
        }
      }
      for (double fpr : new double[] {0.001, 0.01, 0.1, 0.5}) {
        assertEquals(Metrics.tprAtFpr(scores, labels, fpr),
            ClusterBootstrap.tprAtFpr(memberCount, nonMemberCount, positives, n - positives, fpr), 1e-12);
      }
    }
  }


  @Test
  void bootstrapIntervalOfAllEqualScoresIsExactlyOneHalf() {
    double[] ci = auc(new double[] {0.5, 0.5, 0.5, 0.5, 0.5},
        new boolean[] {true, false, true, false, false}, 1000, 0.95, 7);
    assertArrayEquals(new double[] {0.5, 0.5}, ci, 0.0);
  }

  @Test
  void bootstrapIntervalOfAPerfectSeparatorIsExactlyOne() {
    double[] ci = auc(new double[] {0.1, 0.2, 0.3, 0.8, 0.9},
        new boolean[] {false, false, false, true, true}, 1000, 0.95, 7);
    assertArrayEquals(new double[] {1.0, 1.0}, ci, 0.0);
  }

  @Test
  void bootstrapResamplesAreHandComputableOnTinyData() {
    // one member at 1, non-members at 0 and 2: a resample's AUC is the share of its 2 non-members drawn at 0,
    // so every resampled AUC is 0, 0.5 or 1 (probabilities 1/4, 1/2, 1/4)
    double[] scores = {1, 0, 2};
    boolean[] labels = {true, false, false};
    double[] wide = auc(scores, labels, 2000, 0.95, 3);
    assertArrayEquals(new double[] {0, 1}, wide, 0.0);
    double[] narrow = auc(scores, labels, 2000, 0.2, 3); // 40%..60%: inside the 0.5 mass
    assertArrayEquals(new double[] {0.5, 0.5}, narrow, 0.0);
  }

  @Test
  void bootstrapIsDeterministicInTheSeedAndBracketsTheAuc() {
    Random random = new Random(5);
    double[] scores = new double[400];
    boolean[] labels = new boolean[400];
    for (int i = 0; i < 400; i++) {
      labels[i] = i % 4 == 0;
      scores[i] = random.nextGaussian() + (labels[i] ? 0.8 : 0);
    }
    double[] a = auc(scores, labels, 1000, 0.95, 42);
    assertArrayEquals(a, auc(scores, labels, 1000, 0.95, 42), 0.0);
    double[] other = auc(scores, labels, 1000, 0.95, 43);
    assertTrue(a[0] != other[0] || a[1] != other[1], "another seed should give another resampling");
    double auc = Metrics.rocAuc(scores, labels);
    assertTrue(a[0] < auc && auc < a[1], auc + " outside " + a[0] + ".." + a[1]);
    // roughly the normal-theory width: 2 * 1.96 * SE, SE from Hanley & McNeil (1982)
    double width = a[1] - a[0];
    double se = hanleyMcNeilSe(auc, 100, 300);
    assertTrue(width > 0.8 * 3.92 * se && width < 1.25 * 3.92 * se, "width " + width + " vs SE " + se);
  }

  /**
   * Coverage on two Gaussians: members N(delta, 1), non-members N(0, 1), true AUC Phi(delta / sqrt 2).
   * Over 300 independent data sets the 95% percentile interval must cover the true AUC in about 95% of
   * them (binomial SD 1.3 points); percentile intervals run slightly short on small samples, so [0.90, 0.98].
   */
  @Test
  void bootstrapIntervalCoversTheTrueAucAbout95PercentOfTheTime() {
    double delta = 1.0;
    double trueAuc = phi(delta / Math.sqrt(2));
    int repetitions = 300, perClass = 80;
    Random random = new Random(2024);
    int covered = 0;
    for (int rep = 0; rep < repetitions; rep++) {
      double[] scores = new double[2 * perClass];
      boolean[] labels = new boolean[2 * perClass];
      for (int i = 0; i < scores.length; i++) {
        labels[i] = i < perClass;
        scores[i] = random.nextGaussian() + (labels[i] ? delta : 0);
      }
      double[] ci = auc(scores, labels, 1000, 0.95, rep);
      if (ci[0] <= trueAuc && trueAuc <= ci[1]) {
        covered++;
      }
    }
    double coverage = (double) covered / repetitions;
    assertTrue(coverage >= 0.90 && coverage <= 0.98, "coverage " + coverage);
  }

  @Test
  void bootstrapOfALargeSetIsTightAroundItsAuc() {
    Random random = new Random(1);
    double[] scores = new double[20_000];
    boolean[] labels = new boolean[20_000];
    for (int i = 0; i < scores.length; i++) {
      labels[i] = i % 3 == 0;
      scores[i] = random.nextGaussian() + (labels[i] ? 1 : 0);
    }
    double auc = Metrics.rocAuc(scores, labels);
    double[] ci = auc(scores, labels, 1000, 0.95, 99);
    assertTrue(ci[0] < auc && auc < ci[1] && ci[1] - ci[0] < 0.03, "CI " + ci[0] + ".." + ci[1] + " for " + auc);
  }

  @Test
  void bootstrapRejectsBadArguments() {
    double[] scores = {0.1, 0.9};
    boolean[] labels = {false, true};
    assertThrows(IllegalArgumentException.class, () -> auc(scores, labels, 0, 0.95, 1));
    assertThrows(IllegalArgumentException.class, () -> auc(scores, labels, 100, 1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> auc(scores, labels, 100, Double.NaN, 1));
    assertThrows(IllegalArgumentException.class,
        () -> auc(scores, new boolean[] {true, true}, 1000, 0.95, 1));
  }

  @Test
  void clusterIdsMustFitTheRows() {
    double[] scores = {0.1, 0.9};
    boolean[] labels = {false, true};
    assertThrows(IllegalArgumentException.class,
        () -> ClusterBootstrap.intervals(scores, labels, new int[] {0}, 10, 0.95, 1));
    assertThrows(IllegalArgumentException.class,
        () -> ClusterBootstrap.intervals(scores, labels, new int[] {0, -1}, 10, 0.95, 1));
    assertThrows(IllegalArgumentException.class,
        () -> ClusterBootstrap.intervals(scores, labels, new int[] {0, 2}, 10, 0.95, 1), "cluster 1 has no rows");
  }

  private static double hanleyMcNeilSe(double auc, int positives, int negatives) {
    double q1 = auc / (2 - auc);
    double q2 = 2 * auc * auc / (1 + auc);
    return Math.sqrt((auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
        / ((double) positives * negatives));
  }

  /** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
  private static double phi(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * z);
    double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
        + t * 1.061405429)))) * Math.exp(-z * z);
    return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
  }
}
