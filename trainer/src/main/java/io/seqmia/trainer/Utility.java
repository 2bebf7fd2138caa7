package io.seqmia.trainer;

/**
 * Next-item recommendation quality of a model on a set of sequences, over every position whose true next
 * token is an item (END excluded; the START position, which predicts the first item, included). An item the
 * model never trained on (OOV) cannot be recommended and counts as a miss. Candidates are the vocabulary's
 * items; special tokens are never recommended.
 *
 * @param recallAt20 share of positions whose true next item is among the top 20
 * @param ndcgAt20 mean of 1 / log2(rank + 2) over positions with rank < 20 (0-based rank), 0 elsewhere
 * @param mrrAt20 mean of 1 / (rank + 1) over positions with rank < 20, 0 elsewhere
 * @param nll mean negative log-likelihood (nats, full-vocabulary softmax) of the true next item at those positions
 * @param positions how many positions were evaluated; all metrics are NaN when 0
 */
public record Utility(double recallAt20, double ndcgAt20, double mrrAt20, double nll, long positions) {

  /** The metrics' cut-off. */
  public static final int CUTOFF = 20;

  @Override
  public String toString() {
    return String.format("Recall@20 %.4f  NDCG@20 %.4f  MRR@20 %.4f  NLL %.4f  (%d positions)",
        recallAt20, ndcgAt20, mrrAt20, nll, positions);
  }
}
