package io.seqmia.replay;

/** Waits before each record as its {@link Pacing} says. Not thread-safe: one per replay. */
final class Pacer {

  /** A token bucket holds at most this many seconds' worth of records, so bursts stay short. */
  static final double BUCKET_SECONDS = 0.05;

  private final Pacing pacing;
  private final double bucketCapacity;
  private double tokens;
  private long lastRefillNanos;
  private long previousEventMillis = Long.MIN_VALUE;
  private long dueNanos;

  Pacer(Pacing pacing) {
    this.pacing = pacing;
    this.bucketCapacity = pacing.kind() == Pacing.Kind.RATE ? Math.max(1, pacing.value() * BUCKET_SECONDS) : 0;
    this.tokens = Math.min(1, bucketCapacity);
    this.lastRefillNanos = System.nanoTime();
    this.dueNanos = lastRefillNanos;
  }

  boolean paced() {
    return pacing.kind() != Pacing.Kind.MAX;
  }

  /** Blocks until the record with this event time may be sent. */
  void await(long eventTimeMillis) throws InterruptedException {
    switch (pacing.kind()) {
      case MAX -> { }
      case RATE -> takeToken();
      case SPEED -> waitForEventTime(eventTimeMillis);
      default -> throw new IllegalStateException("unknown pacing " + pacing);
    }
  }

  private void takeToken() throws InterruptedException {
    while (true) {
      long now = System.nanoTime();
      tokens = Math.min(bucketCapacity, tokens + (now - lastRefillNanos) / 1e9 * pacing.value());
      lastRefillNanos = now;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      sleepNanos((long) ((1 - tokens) / pacing.value() * 1e9));
    }
  }

  /**
   * The gap to the previous event, divided by the factor, moves the due time forward; backward jumps
   * (file order) cost nothing and one wait is capped at {@link Pacing#MAX_SINGLE_WAIT_MILLIS}. Due times
   * accumulate, so sleep overshoot does not slow the replay down.
   */
  private void waitForEventTime(long eventTimeMillis) throws InterruptedException {
    long now = System.nanoTime();
    if (previousEventMillis == Long.MIN_VALUE) {
      dueNanos = now;
    } else {
      long gapMillis = Math.max(0, eventTimeMillis - previousEventMillis);
      double waitMillis = Math.min(Pacing.MAX_SINGLE_WAIT_MILLIS, gapMillis / pacing.value());
      // never build up more than one capped wait of debt when the producer itself was slower
      dueNanos = Math.max(dueNanos, now - Pacing.MAX_SINGLE_WAIT_MILLIS * 1_000_000L) + (long) (waitMillis * 1e6);
    }
    previousEventMillis = eventTimeMillis;
    long wait = dueNanos - now;
    if (wait > 0) {
      sleepNanos(wait);
    }
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    if (nanos > 0) {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
  }
}
