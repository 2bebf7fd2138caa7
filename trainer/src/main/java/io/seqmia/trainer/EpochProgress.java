package io.seqmia.trainer;

/** What one finished training epoch reports. Losses are mean NLL per predicted position (nats). */
public record EpochProgress(
    int epoch, int epochs, double trainLoss, double heldOutLoss, double tokensPerSecond,
    double elapsedSeconds, double etaSeconds) {

  @Override
  public String toString() {
    return String.format("epoch %d/%d  train loss %.4f  held-out loss %.4f  %.0f tokens/s  elapsed %.1fs  ETA %.1fs",
        epoch, epochs, trainLoss, heldOutLoss, tokensPerSecond, elapsedSeconds, etaSeconds);
  }
}
