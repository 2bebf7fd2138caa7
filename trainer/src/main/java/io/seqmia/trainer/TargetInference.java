package io.seqmia.trainer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.trainer.model.SequenceRecommender;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Batched forward passes in inference mode (no dropout, no gradients) over the target model.
 *
 * <p>A forward batch is sized by its logits, not by a fixed number of sequences: real positions times the
 * vocabulary stay within {@value #LOGITS_BUDGET} floats. Every per-position feature needs a pass over the whole
 * vocabulary, so the arrays of (positions x vocabulary) floats dominate scoring. Kept small, they stay under the
 * allocator's mmap threshold (32 MB) and are reused instead of being page-faulted in afresh for each operation;
 * on the full YooChoose vocabulary (52,739 items) this doubled the scoring rate (docs/BENCHMARKS.md).
 */
final class TargetInference {

  /** Floats in one batch's (positions x vocabulary) logits: 16 MB. */
  static final long LOGITS_BUDGET = 4L << 20;
  /** The most sequences in one forward batch, whatever the vocabulary. */
  static final int MAX_BATCH = 128;

  private final Model model;
  private final SequenceRecommender block;
  private final SequenceEncoder encoder;

  TargetInference(Model model, SequenceRecommender block, SequenceEncoder encoder) {
    this.model = model;
    this.block = block;
    this.encoder = encoder;
  }

  /** Mean NLL of the true next item over all real positions of the sequences; NaN when there are none. */
  double meanNll(List<ClickSequence> sequences) {
    return meanNlls(sequences)[0];
  }

  /**
   * In one pass: {mean NLL over all real positions, mean over the sequences of each one's mean NLL}. The second is
   * the score vectors' {@code nll_mean} averaged, the statistic the loss-threshold attack compares; the first weighs
   * long sequences more. NaN when there are none.
   */
  double[] meanNlls(List<ClickSequence> sequences) {
    double[] sum = {0, 0};
    long[] count = {0, 0};
    inBatches(sequences, (m, batch) -> {
      NDArray logits = forward(m, batch);
      NDArray targets = m.create(batch.targets()).reshape(-1, 1);
      float[] nll = logits.logSoftmax(1).gather(targets, 1).neg().reshape(-1).toFloatArray();
      int at = 0;
      for (int n : batch.realCounts()) { // a sequence's real positions are contiguous, in row-major order
        double sequenceSum = 0;
        for (int k = 0; k < n; k++) {
          sequenceSum += nll[at + k];
        }
        at += n;
        sum[0] += sequenceSum;
        sum[1] += sequenceSum / n;
      }
      count[0] += batch.realPositions();
      count[1] += batch.realCounts().length;
    });
    return new double[] {count[0] == 0 ? Double.NaN : sum[0] / count[0], count[1] == 0 ? Double.NaN
        : sum[1] / count[1]};
  }

  /** Next-item metrics over the positions whose true next token is an item (see {@link Utility}). */
  Utility utility(List<ClickSequence> sequences) {
    RankingMetrics metrics = new RankingMetrics(Utility.CUTOFF);
    inBatches(sequences, (m, batch) -> {
      NDArray logits = forward(m, batch);
      NDArray targets = m.create(batch.targets()).reshape(-1, 1);
      float[] nll = logits.logSoftmax(1).gather(targets, 1).neg().reshape(-1).toFloatArray();
      // Rank among the items only: special tokens are never recommended.
      NDArray itemLogits = logits.get(":, " + Vocabulary.SPECIAL_TOKENS + ":");
      long[] ranks = itemLogits.gt(logits.gather(targets, 1)).sum(new int[] {1}).toLongArray();
      long[] truth = batch.targets();
      for (int i = 0; i < truth.length; i++) {
        if (truth[i] == Vocabulary.END) {
          continue;
        }
        int rank = truth[i] == Vocabulary.OOV ? RankingMetrics.MISS : (int) ranks[i];
        metrics.add(rank, nll[i]);
      }
    });
    return metrics.result();
  }

  List<SequenceOutputs> outputs(List<ClickSequence> sequences, int topK) {
    List<SequenceOutputs> out = new ArrayList<>(sequences.size());
    inBatches(sequences, (m, batch) -> out.addAll(batchOutputs(m, batch, topK)));
    return out;
  }

  /** Runs {@code work} on each forward batch of the sequences, in order, each on its own child manager. */
  private void inBatches(List<ClickSequence> sequences, BiConsumer<NDManager, EncodedBatch> work) {
    for (int from = 0, to; from < sequences.size(); from = to) {
      to = batchEnd(sequences, from, encoder, block.vocabularySize(), LOGITS_BUDGET);
      EncodedBatch batch = encoder.encode(sequences.subList(from, to));
      try (NDManager m = model.getNDManager().newSubManager()) {
        work.accept(m, batch);
      }
    }
  }

  /**
   * The end (exclusive) of the batch from {@code from}: as many sequences as keep positions x vocabulary within
   * {@code budget} floats, at most {@value #MAX_BATCH}, and at least one (a single longer sequence goes alone).
   */
  static int batchEnd(List<ClickSequence> sequences, int from, SequenceEncoder encoder, long vocabulary,
      long budget) {
    long floats = 0;
    int to = from;
    while (to < sequences.size() && to - from < MAX_BATCH) {
      floats += encoder.positions(sequences.get(to)) * vocabulary;
      if (floats > budget && to > from) {
        break;
      }
      to++;
    }
    return to;
  }

  private List<SequenceOutputs> batchOutputs(NDManager m, EncodedBatch batch, int topK) {
    NDArray logits = forward(m, batch);
    NDArray targets = m.create(batch.targets()).reshape(-1, 1);
    NDArray logProbabilities = logits.logSoftmax(1);
    float[] truth = logProbabilities.gather(targets, 1).reshape(-1).toFloatArray();
    NDArray trueLogit = logits.gather(targets, 1);
    // Summed as booleans (int64 counts): no float copy of the (positions x vocabulary) comparison.
    long[] ranks = logits.gt(trueLogit).sum(new int[] {1}).toLongArray();
    // Entropy -sum(p * log p), the product taken in place in p's array.
    float[] entropies = logProbabilities.exp().muli(logProbabilities).sum(new int[] {1}).neg().toFloatArray();

    long[] lastRows = new long[batch.batch()];
    int row = 0;
    for (int b = 0; b < batch.batch(); b++) {
      row += batch.realCounts()[b];
      lastRows[b] = row - 1;
    }
    NDArray last = logProbabilities.get(m.create(lastRows));
    int k = (int) Math.min(topK, last.getShape().get(1));
    NDList top = last.topK(k, 1, true, true);
    float[] topProbabilities = top.get(0).exp().toFloatArray();
    long[] topIndices = top.get(1).toType(DataType.INT64, false).toLongArray();

    List<SequenceOutputs> out = new ArrayList<>(batch.batch());
    int offset = 0;
    for (int b = 0; b < batch.batch(); b++) {
      int n = batch.realCounts()[b];
      float[] lp = new float[n];
      int[] rk = new int[n];
      float[] en = new float[n];
      for (int i = 0; i < n; i++) {
        lp[i] = truth[offset + i];
        rk[i] = (int) ranks[offset + i];
        en[i] = entropies[offset + i];
      }
      offset += n;
      float[] tp = new float[k];
      int[] ti = new int[k];
      for (int j = 0; j < k; j++) {
        tp[j] = topProbabilities[b * k + j];
        ti[j] = (int) topIndices[b * k + j];
      }
      out.add(new SequenceOutputs(lp, rk, en, tp, ti));
    }
    return out;
  }

  /** Logits (N, V) of the batch's real positions. */
  NDArray forward(NDManager m, EncodedBatch batch) {
    Shape shape = new Shape(batch.batch(), batch.time());
    NDArray tokens = m.create(batch.tokens(), shape);
    NDArray realRows = m.create(batch.realRows());
    ParameterStore ps = new ParameterStore(m, false);
    return block.forward(ps, new NDList(tokens, realRows), false).singletonOrThrow();
  }
}
