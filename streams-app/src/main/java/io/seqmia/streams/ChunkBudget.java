package io.seqmia.streams;

import java.time.Duration;

/**
 * How much one processing step (a {@code process()} call or a punctuation) may still do: a number of
 * sessions and a wall-clock deadline, from {@code chunk.records} and {@code chunk.ms}. Every loop that
 * closes, augments or forgets sessions stops when the budget is spent, saves where it got to in a state
 * store, and goes on in the next step, so no transaction grows with the data (docs/STREAMS.md).
 */
final class ChunkBudget {

  private final int maxRecords;
  private final long deadlineNanos;
  private int spent;

  private ChunkBudget(int maxRecords, long deadlineNanos) {
    this.maxRecords = maxRecords;
    this.deadlineNanos = deadlineNanos;
  }

  static ChunkBudget start(int maxRecords, Duration maxTime) {
    return new ChunkBudget(maxRecords, System.nanoTime() + maxTime.toNanos());
  }

  static ChunkBudget start(StreamsAppConfig config) {
    return start(config.chunkRecords(), config.chunkTime());
  }

  boolean exhausted() {
    return spent >= maxRecords || System.nanoTime() - deadlineNanos >= 0;
  }

  /** Records still allowed (0 once the deadline has passed). */
  int remaining() {
    return exhausted() ? 0 : maxRecords - spent;
  }

  void spend(int n) {
    spent += n;
  }

  int spent() {
    return spent;
  }
}
