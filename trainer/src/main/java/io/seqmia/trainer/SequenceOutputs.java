package io.seqmia.trainer;

/**
 * The model's outputs for one sequence, per real position (START + items).
 *
 * @param logProbabilities log-probability of the true next item (the last position's is END)
 * @param ranks zero-based rank of the true next item among all indices (0 = the model's first choice)
 * @param entropies entropy of the output distribution, in nats
 * @param lastTopProbabilities the highest probabilities at the last position, best first
 * @param lastTopIndices the model indices of those, best first
 */
record SequenceOutputs(
    float[] logProbabilities, int[] ranks, float[] entropies, float[] lastTopProbabilities,
    int[] lastTopIndices) {

  int positions() {
    return logProbabilities.length;
  }
}
