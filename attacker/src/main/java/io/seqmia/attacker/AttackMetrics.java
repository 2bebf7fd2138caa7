package io.seqmia.attacker;

/**
 * How well one attack's scores separate members (positives) from non-members (negatives).
 *
 * @param auc area under the ROC curve over every threshold, ties counted half
 * @param threshold the operating point: a score {@code >= threshold} is called "member"
 * @param singlePointAuc {@code (1 + TPR - FPR) / 2} at {@code threshold}: the AUC of the one-point ROC curve
 * @param tprAt1Fpr best true-positive rate among thresholds whose false-positive rate is at most 1%
 * @param tprAt01Fpr the same at 0.1%
 */
public record AttackMetrics(
    double auc,
    double accuracy,
    double precision,
    double recall,
    double f1,
    double singlePointAuc,
    double tprAt1Fpr,
    double tprAt01Fpr,
    double threshold,
    long members,
    long nonMembers,
    long truePositives,
    long falsePositives,
    long trueNegatives,
    long falseNegatives) {

  /** False-positive rate at the threshold. */
  public double falsePositiveRate() {
    return nonMembers == 0 ? 0.0 : (double) falsePositives / nonMembers;
  }
}
