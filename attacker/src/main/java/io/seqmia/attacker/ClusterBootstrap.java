package io.seqmia.attacker;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap intervals of an attack's AUC and of its TPR at 1 % and 0.1 % FPR, resampling clusters, not
 * rows. An augmented variant is a near-copy of its parent session and is evaluated beside it, so the two are not
 * independent draws: a resample takes every row of each cluster it draws. Stratified: the clusters that hold a
 * member and those that hold none are drawn apart, each as many times as there are (with replacement), so every
 * resample has members and about the data's class sizes. With one row per cluster it is the stratified bootstrap
 * of rows. Deterministic in the seed.
 *
 * <p>The scores are sorted once; a resample only counts, per class, how often each distinct score was drawn and
 * sweeps the counts: O(rows + distinct scores) per resample. docs/ATTACK.md, "Intervals".
 */
public final class ClusterBootstrap {

  /** How often a resample that lacks a class is drawn again before giving up (only tiny inputs come near it). */
  static final int MAX_REDRAWS = 1_000;

  /**
   * The intervals {low, high} at the requested level.
   *
   * @param clusters how many clusters the rows formed
   */
  public record Intervals(double[] auc, double[] tprAt1Fpr, double[] tprAt01Fpr, int clusters) {}

  private ClusterBootstrap() {}

  /**
   * @param cluster each row's cluster, numbered from 0 (every number below the largest used at least once)
   */
  public static Intervals intervals(double[] scores, boolean[] members, int[] cluster, int resamples, double level,
      long seed) {
    Metrics.validate(scores, members);
    if (cluster.length != scores.length) {
      throw new IllegalArgumentException(cluster.length + " cluster ids for " + scores.length + " scores");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("bootstrap resamples must be at least 1, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), e.g. 0.95, got " + level);
    }
    int n = scores.length;
    int[] group = Metrics.distinctScoreGroups(scores); // ascending: 0 is the lowest score
    int groups = Arrays.stream(group).max().orElse(-1) + 1;
    int clusters = 0;
    for (int c : cluster) {
      if (c < 0) {
        throw new IllegalArgumentException("cluster ids must be >= 0, got " + c);
      }
      clusters = Math.max(clusters, c + 1);
    }
    // the rows of cluster c are rows[start[c] .. start[c + 1])
    int[] start = new int[clusters + 1];
    for (int c : cluster) {
      start[c + 1]++;
    }
    for (int c = 0; c < clusters; c++) {
      if (start[c + 1] == 0) {
        // an empty cluster would still be drawn, and shrink every resample it lands in
        throw new IllegalArgumentException("cluster " + c + " has no rows: number the clusters 0.." + (clusters - 1)
            + " without gaps");
      }
      start[c + 1] += start[c];
    }
    int[] fill = Arrays.copyOf(start, clusters);
    int[] rowGroup = new int[n];
    boolean[] rowMember = new boolean[n];
    for (int i = 0; i < n; i++) {
      int at = fill[cluster[i]]++;
      rowGroup[at] = group[i];
      rowMember[at] = members[i];
    }
    // the strata, clusters in ascending order: those with a member, those without
    int withMember = 0;
    int[] strata = new int[clusters];
    for (int c = 0; c < clusters; c++) {
      if (holdsMember(rowMember, start, c)) {
        strata[withMember++] = c;
      }
    }
    for (int c = 0, k = withMember; c < clusters; c++) {
      if (!holdsMember(rowMember, start, c)) {
        strata[k++] = c;
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] memberCount = new int[groups];
    int[] nonMemberCount = new int[groups];
    double[] auc = new double[resamples];
    double[] tpr1 = new double[resamples];
    double[] tpr01 = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      long positives = 0;
      long negatives = 0;
      for (int attempt = 0; positives == 0 || negatives == 0; attempt++) {
        if (attempt == MAX_REDRAWS) {
          throw new IllegalArgumentException("no resample of " + clusters + " clusters held both members and"
              + " non-members in " + MAX_REDRAWS + " draws: too few clusters for a bootstrap");
        }
        Arrays.fill(memberCount, 0);
        Arrays.fill(nonMemberCount, 0);
        positives = 0;
        negatives = 0;
        for (int k = 0; k < clusters; k++) {
          int c = k < withMember ? strata[random.nextInt(withMember)]
              : strata[withMember + random.nextInt(clusters - withMember)];
          for (int at = start[c]; at < start[c + 1]; at++) {
            if (rowMember[at]) {
              memberCount[rowGroup[at]]++;
              positives++;
            } else {
              nonMemberCount[rowGroup[at]]++;
              negatives++;
            }
          }
        }
      }
      auc[r] = Metrics.countAuc(memberCount, nonMemberCount, positives, negatives);
      tpr1[r] = tprAtFpr(memberCount, nonMemberCount, positives, negatives, Metrics.FPR_1_PERCENT);
      tpr01[r] = tprAtFpr(memberCount, nonMemberCount, positives, negatives, Metrics.FPR_01_PERCENT);
    }
    return new Intervals(interval(auc, level), interval(tpr1, level), interval(tpr01, level), clusters);
  }

  private static boolean holdsMember(boolean[] rowMember, int[] start, int c) {
    for (int at = start[c]; at < start[c + 1]; at++) {
      if (rowMember[at]) {
        return true;
      }
    }
    return false;
  }

  /** As {@link Metrics#tprAtFpr}, from per-distinct-score counts: thresholds swept from the highest score down. */
  static double tprAtFpr(int[] memberCount, int[] nonMemberCount, long positives, long negatives, double maxFpr) {
    double best = 0;
    long membersAbove = 0;
    long nonMembersAbove = 0;
    for (int g = memberCount.length - 1; g >= 0; g--) {
      membersAbove += memberCount[g];
      nonMembersAbove += nonMemberCount[g];
      if ((double) nonMembersAbove / negatives > maxFpr) {
        break; // the false-positive rate only grows from here
      }
      best = (double) membersAbove / positives;
    }
    return best;
  }

  private static double[] interval(double[] values, double level) {
    Arrays.sort(values);
    return new double[] {Metrics.quantile(values, (1 - level) / 2), Metrics.quantile(values, (1 + level) / 2)};
  }
}
