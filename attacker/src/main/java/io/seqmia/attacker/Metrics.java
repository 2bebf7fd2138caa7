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
    int n = scores.length;
    Integer[] order = sortedIndices(scores);
    long positives = 0;
    for (boolean m : members) {
      if (m) positives++;
    }
    long negatives = n - positives;
    long tp = 0, fp = 0;
    double best = 0; // the threshold above every score: TPR = FPR = 0
    // Walk from the highest score down; a tie group enters the "member" side all at once.
    int i = n - 1;
    while (i >= 0) {
      int j = i;
      while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
        j--;
      }
      for (int k = j; k <= i; k++) {
        if (members[order[k]]) tp++; else fp++;
      }
      if ((double) fp / negatives <= maxFpr) {
        best = Math.max(best, (double) tp / positives);
      } else {
        break; // FPR only grows from here
      }
      i = j - 1;
    }
    return best;
  }

  private static Integer[] sortedIndices(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(k -> scores[k]));
    return order;
  }

  private static void validate(double[] scores, boolean[] members) {
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
