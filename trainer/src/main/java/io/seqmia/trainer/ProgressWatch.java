package io.seqmia.trainer;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The trainer's timeout on progress: it trains without a complete flush only when nothing moved for the whole
 * interval. Progress is a new sequence held or a SESSIONS_FLUSHED seen; other records (another stage's control
 * events) do not count.
 */
final class ProgressWatch {

  private final Duration timeout;
  private final LongSupplier nanoClock;
  private long lastProgress;

  ProgressWatch(Duration timeout, LongSupplier nanoClock) {
    this.timeout = timeout;
    this.nanoClock = nanoClock;
    this.lastProgress = nanoClock.getAsLong();
  }

  void progress() {
    lastProgress = nanoClock.getAsLong();
  }

  /** True when there was no progress for at least the timeout. */
  boolean stalled() {
    return nanoClock.getAsLong() - lastProgress >= timeout.toNanos();
  }

  Duration timeout() {
    return timeout;
  }
}
