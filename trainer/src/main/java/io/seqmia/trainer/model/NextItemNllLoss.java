package io.seqmia.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Mean negative log-likelihood of the true next item over the real positions. Labels: {@code (N)} int64
 * item indices; predictions: {@code (N, V)} logits from {@link SequenceRecommender}. Computed by hand
 * because DJL's masked softmax cross-entropy is not supported on the PyTorch engine.
 */
public final class NextItemNllLoss extends Loss {

  public NextItemNllLoss() {
    super("next_item_nll");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.singletonOrThrow();
    NDArray targets = labels.singletonOrThrow();
    NDArray logProbabilities = logits.logSoftmax(1);
    NDArray picked = logProbabilities.gather(targets.reshape(-1, 1), 1);
    return picked.mean().neg();
  }
}
