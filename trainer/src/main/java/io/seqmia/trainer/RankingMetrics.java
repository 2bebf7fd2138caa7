package io.seqmia.trainer;

/**
 * Accumulates ranking metrics position by position (see {@link Utility} for the definitions). Separate from
 * the model so the arithmetic is testable on hand-computed ranks.
 */
public final class RankingMetrics {

  /** The rank given to a true next item the model cannot recommend (never trained on). */
  public static final int MISS = Integer.MAX_VALUE;

  private static final double LN2 = Math.log(2);

  private final int cutoff;
  private long positions;
  private long hits;
  private double ndcgSum;
  private double reciprocalRankSum;
  private double nllSum;

  public RankingMetrics(int cutoff) {
    if (cutoff <= 0) {
      throw new IllegalArgumentException("cut-off must be > 0, got " + cutoff);
    }
    this.cutoff = cutoff;
  }

  /**
   * @param rank zero-based rank of the true next item among the candidates (0 = first), or {@link #MISS}
   * @param nll its negative log-likelihood
   */
  public RankingMetrics add(int rank, double nll) {
    if (rank < 0) {
      throw new IllegalArgumentException("rank must be >= 0, got " + rank);
    }
    positions++;
    nllSum += nll;
    if (rank < cutoff) {
      hits++;
      ndcgSum += LN2 / Math.log(rank + 2.0); // 1 / log2(rank + 2): one relevant item, so IDCG = 1
      reciprocalRankSum += 1.0 / (rank + 1);
    }
    return this;
  }

  public Utility result() {
    if (positions == 0) {
      return new Utility(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double n = positions;
    return new Utility(hits / n, ndcgSum / n, reciprocalRankSum / n, nllSum / n, positions);
  }
}
