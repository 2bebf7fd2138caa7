package io.seqmia.attacker;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Membership-inference metrics from scores (higher = more likely a member) and ground-truth labels
 * ({@code true} = member). One implementation used by every attack, so the numbers are comparable.
 */
public final class Metrics {

  /** FPR budgets of the low-false-positive operating points (Carlini et al. argue these matter most). */
  public static final double FPR_1_PERCENT = 0.01;
  public static final double FPR_01_PERCENT = 0.001;
  /** Bootstrap resamples of the AUC interval: enough for stable 2.5%/97.5% percentiles. */
  public static final int BOOTSTRAP_RESAMPLES = 1000;
  /** Coverage of the AUC interval. */
  public static final double CI_LEVEL = 0.95;

  private Metrics() {}

  /** Every metric at once; see {@link AttackMetrics}. */
  public static AttackMetrics evaluate(double[] scores, boolean[] members, double threshold) {
    validate(scores, members);
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must be a number, got NaN");
    }
    long tp = 0, fp = 0, tn = 0, fn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean predicted = scores[i] >= threshold;
      if (members[i]) {
        if (predicted) tp++; else fn++;
      } else {
        if (predicted) fp++; else tn++;
      }
    }
    long pos = tp + fn;
    long neg = fp + tn;
    double accuracy = (double) (tp + tn) / scores.length;
    double precision = tp + fp == 0 ? 0.0 : (double) tp / (tp + fp);
    double recall = (double) tp / pos;
    double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
    double fpr = (double) fp / neg;
    double singlePointAuc = (1 + recall - fpr) / 2;
    return new AttackMetrics(rocAuc(scores, members), accuracy, precision, recall, f1, singlePointAuc,
        tprAtFpr(scores, members, FPR_1_PERCENT), tprAtFpr(scores, members, FPR_01_PERCENT), threshold,
        pos, neg, tp, fp, tn, fn);
  }

  /**
   * ROC AUC as the Mann-Whitney U statistic with mid-ranks: the probability that a random member scores
   * higher than a random non-member, a tie counting one half. Equal to the area under the ROC curve swept
   * over every distinct score.
   */
  public static double rocAuc(double[] scores, boolean[] members) {
    validate(scores, members);
    int n = scores.length;
    Integer[] order = sortedIndices(scores);
    double positiveRankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1; // ranks are 1-based; tied scores share their mean rank
      for (int k = i; k <= j; k++) {
        if (members[order[k]]) {
          positiveRankSum += midRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    double u = positiveRankSum - positives * (positives + 1) / 2.0;
    return u / ((double) positives * negatives);
  }

  /**
   * The highest true-positive rate over the ROC points (thresholds at each distinct score, plus "nobody")
   * whose false-positive rate is at most {@code maxFpr}. No interpolation between points.
   */
  public static double tprAtFpr(double[] scores, boolean[] members, double maxFpr) {
    validate(scores, members);
    if (!(maxFpr >= 0 && maxFpr <= 1)) {
      throw new IllegalArgumentException("maxFpr must be in [0, 1], got " + maxFpr);
    }
    RocCurve curve = rocCurve(scores, members);
    double[] fpr = curve.fpr();
    double[] tpr = curve.tpr();
    double best = 0; // the first point, the threshold above every score: TPR = FPR = 0
    for (int k = 0; k < fpr.length && fpr[k] <= maxFpr; k++) { // FPR only grows along the curve
      best = Math.max(best, tpr[k]);
    }
    return best;
  }

  /**
   * Each row's distinct-score group: 0 for the lowest score, equal scores share a group. The bootstraps count per
   * group instead of sorting each resample.
   */
  static int[] distinctScoreGroups(double[] scores) {
    int n = scores.length;
    Integer[] order = sortedIndices(scores);
    int[] group = new int[n];
    int groups = 0;
    for (int k = 0; k < n; k++) {
      if (k > 0 && scores[order[k]] != scores[order[k - 1]]) {
        groups++;
      }
      group[order[k]] = groups;
    }
    return group;
  }

  /** AUC from per-distinct-score class counts: members above a non-member count 1, level with it 1/2. */
  static double countAuc(int[] memberCount, int[] nonMemberCount, long positives, long negatives) {
    long twiceWins = 0; // twice the U statistic: exact integer arithmetic
    long nonMembersBelow = 0;
    for (int g = 0; g < memberCount.length; g++) {
      twiceWins += memberCount[g] * (2 * nonMembersBelow + nonMemberCount[g]);
      nonMembersBelow += nonMemberCount[g];
    }
    return twiceWins / (2.0 * positives * negatives);
  }

  /** The p-quantile of sorted values, interpolating linearly between order statistics (R's type 7). */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * The empirical ROC curve: one point per distinct score (thresholding at "score >= that value"), walked
   * from the highest score down, starting at (0, 0) and ending at (1, 1). A tie group moves both rates at
   * once, so its segment is diagonal and the trapezoidal area equals {@link #rocAuc} (ties half).
   */
  public static RocCurve rocCurve(double[] scores, boolean[] members) {
    validate(scores, members);
    int n = scores.length;
    Integer[] order = sortedIndices(scores);
    long positives = 0;
    for (boolean m : members) {
      if (m) positives++;
    }
    long negatives = n - positives;
    double[] fpr = new double[n + 1];
    double[] tpr = new double[n + 1];
    int points = 1; // (0, 0): the threshold above every score
    long tp = 0, fp = 0;
    int i = n - 1;
    while (i >= 0) {
      int j = i;
      while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
        j--;
      }
      for (int k = j; k <= i; k++) {
        if (members[order[k]]) tp++; else fp++;
      }
      fpr[points] = (double) fp / negatives;
      tpr[points] = (double) tp / positives;
      points++;
      i = j - 1;
    }
    return new RocCurve(Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points));
  }

  /**
   * An ROC curve as parallel arrays of false- and true-positive rates, non-decreasing, from (0, 0) to (1, 1).
   * The arrays are copied in and must not be modified through the accessors.
   */
  public record RocCurve(double[] fpr, double[] tpr) {
    public RocCurve {
      if (fpr == null || tpr == null || fpr.length != tpr.length || fpr.length < 2) {
        throw new IllegalArgumentException("an ROC curve needs equally long fpr and tpr arrays of at least 2 points");
      }
      fpr = fpr.clone();
      tpr = tpr.clone();
    }

    /** Number of points. */
    public int size() {
      return fpr.length;
    }

    /** Trapezoidal area under the curve. */
    public double area() {
      double area = 0;
      for (int k = 1; k < fpr.length; k++) {
        area += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
      }
      return area;
    }
  }

  private static Integer[] sortedIndices(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(k -> scores[k]));
    return order;
  }

  static void validate(double[] scores, boolean[] members) {
    if (scores == null || members == null) {
      throw new IllegalArgumentException("scores and labels must not be null");
    }
    if (scores.length != members.length) {
      throw new IllegalArgumentException(
          "scores and labels differ in length: " + scores.length + " vs " + members.length);
    }
    boolean anyMember = false, anyNonMember = false;
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
      if (members[i]) anyMember = true; else anyNonMember = true;
    }
    if (!anyMember || !anyNonMember) {
      throw new IllegalArgumentException("metrics need at least one member and one non-member, got "
          + (anyMember ? "only members" : anyNonMember ? "only non-members" : "no samples"));
    }
  }
}
