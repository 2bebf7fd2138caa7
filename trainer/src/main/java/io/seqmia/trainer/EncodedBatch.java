package io.seqmia.trainer;

/**
 * Sequences as model inputs, right-padded to the batch's longest sequence ({@code time} positions).
 *
 * @param tokens (batch x time) row-major: START then the items, PAD after
 * @param realRows row-major indices (b * time + t) of the positions that predict something
 * @param targets the true next index of every real position in row-major order: the items, then END
 * @param realCounts real positions per sequence (items + 1)
 */
record EncodedBatch(int batch, int time, long[] tokens, long[] realRows, long[] targets, int[] realCounts) {

  int realPositions() {
    return targets.length;
  }
}
