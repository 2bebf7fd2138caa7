package io.seqmia.trainer;

import io.seqmia.schemas.ClickSequence;
import java.util.List;

/** Turns click sequences into {@link EncodedBatch}es: input = START, items; target = items, END. */
final class SequenceEncoder {

  private final Vocabulary vocabulary;
  private final int maxLength;

  SequenceEncoder(Vocabulary vocabulary, int maxLength) {
    this.vocabulary = vocabulary;
    this.maxLength = maxLength;
  }

  /** The model indices of a sequence's items, keeping only the last {@code maxLength} (the most recent). */
  int[] itemIndices(ClickSequence sequence) {
    List<String> ids = sequence.getItemIds();
    int from = Math.max(0, ids.size() - maxLength);
    int[] out = new int[ids.size() - from];
    for (int i = from; i < ids.size(); i++) {
      out[i - from] = vocabulary.indexOf(ids.get(i));
    }
    return out;
  }

  /** Real positions of a sequence in a batch: START plus its last {@code maxLength} items. */
  int positions(ClickSequence sequence) {
    return Math.min(sequence.getItemIds().size(), maxLength) + 1;
  }

  EncodedBatch encode(List<ClickSequence> sequences) {
    int batch = sequences.size();
    int[][] indices = new int[batch][];
    int time = 1;
    int totalReal = 0;
    for (int b = 0; b < batch; b++) {
      indices[b] = itemIndices(sequences.get(b));
      time = Math.max(time, indices[b].length + 1);
      totalReal += indices[b].length + 1;
    }
    long[] tokens = new long[batch * time];
    long[] realRows = new long[totalReal];
    long[] targets = new long[totalReal];
    int[] realCounts = new int[batch];
    int t = 0;
    for (int b = 0; b < batch; b++) {
      int[] items = indices[b];
      int row = b * time;
      tokens[row] = Vocabulary.START;
      for (int i = 0; i < items.length; i++) {
        tokens[row + i + 1] = items[i];
      }
      for (int i = 0; i <= items.length; i++) {
        realRows[t] = row + i;
        targets[t++] = i < items.length ? items[i] : Vocabulary.END;
      }
      realCounts[b] = items.length + 1;
    }
    return new EncodedBatch(batch, time, tokens, realRows, targets, realCounts);
  }
}
