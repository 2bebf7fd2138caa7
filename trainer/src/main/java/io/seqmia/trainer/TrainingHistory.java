package io.seqmia.trainer;

import java.util.List;

/**
 * What training recorded, per completed epoch; losses are mean NLL per predicted position (nats).
 *
 * @param validationLosses loss on the early-stopping validation slice of the members; empty without early stopping
 * @param bestEpoch the epoch whose parameters the model holds (1-based): the best validation epoch with early
 *     stopping, else the last one
 * @param trainSeconds wall-clock seconds of the whole training, evaluations included
 * @param tokensPerSecond predicted positions per second of optimisation
 */
record TrainingHistory(List<Double> trainLosses, List<Double> heldOutLosses, List<Double> validationLosses,
    int bestEpoch, double trainSeconds, double tokensPerSecond) {

  TrainingHistory {
    trainLosses = List.copyOf(trainLosses);
    heldOutLosses = List.copyOf(heldOutLosses);
    validationLosses = List.copyOf(validationLosses);
  }
}
