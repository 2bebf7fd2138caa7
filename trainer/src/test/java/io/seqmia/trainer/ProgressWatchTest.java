package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressWatchTest {

  @Test
  void stallsOnlyAfterAWholeIntervalWithoutProgress() {
    AtomicLong now = new AtomicLong(1_000);
    ProgressWatch watch = new ProgressWatch(Duration.ofSeconds(10), now::get);
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertFalse(watch.stalled());
    watch.progress(); // a sequence arrived: the interval starts again
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertFalse(watch.stalled(), "18 s since the start, but only 9 s since the last progress");
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertTrue(watch.stalled());
  }
}
