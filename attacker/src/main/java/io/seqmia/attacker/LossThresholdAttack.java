package io.seqmia.attacker;

/**
 * Yeom et al.'s loss-threshold baseline: a model fits its training data better, so a lower loss means
 * "member". Score = -nll_mean; nothing is trained and no label is used.
 */
public final class LossThresholdAttack {

  private final int nllMeanColumn;

  public LossThresholdAttack(int nllMeanColumn) {
    if (nllMeanColumn < 0) {
      throw new IllegalArgumentException("nll_mean column must be >= 0, got " + nllMeanColumn);
    }
    this.nllMeanColumn = nllMeanColumn;
  }

  /** Higher = more likely a member. */
  public double[] score(float[][] x) {
    double[] s = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      s[i] = -x[i][nllMeanColumn];
    }
    return s;
  }

  /**
   * Yeom et al. call "member" when the loss is at most the mean training loss; on the score scale the
   * threshold is its negation.
   */
  public static double thresholdForTrainLoss(double trainLoss) {
    return -trainLoss;
  }
}
