package io.seqmia.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the topology did, counted across all its tasks in this JVM. Counted when processed: under
 * exactly-once a task that aborts a transaction and reprocesses counts that work twice, so these are
 * for monitoring, not for reconciliation (the topics are the truth).
 */
public final class StreamsCounters {

  /** ORIGINAL sequences emitted. */
  public final AtomicLong sessionsEmitted = new AtomicLong();
  /** AUGMENTED variants emitted. */
  public final AtomicLong augmentedEmitted = new AtomicLong();
  /** Variants not made because no position had a known neighbour outside the sequence. */
  public final AtomicLong augmentSkipped = new AtomicLong();
  /** Closed sessions shorter than min.length after cleaning (not emitted). */
  public final AtomicLong tooShort = new AtomicLong();
  /** Sequences cut to their last max.length items. */
  public final AtomicLong truncated = new AtomicLong();
  /** Exact duplicate clicks (same item and timestamp) removed. */
  public final AtomicLong duplicatesRemoved = new AtomicLong();
  /** Consecutive repeats of an item removed (drop.repeats). */
  public final AtomicLong repeatsRemoved = new AtomicLong();
  /** Clicks for an already closed session, sent to the DLQ with reason "late". */
  public final AtomicLong late = new AtomicLong();
  /** Malformed or unusable records sent to the DLQ (late clicks are counted in {@link #late} only). */
  public final AtomicLong deadLettered = new AtomicLong();

  public Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("sessionsEmitted", sessionsEmitted.get());
    m.put("augmentedEmitted", augmentedEmitted.get());
    m.put("augmentSkipped", augmentSkipped.get());
    m.put("tooShort", tooShort.get());
    m.put("truncated", truncated.get());
    m.put("duplicatesRemoved", duplicatesRemoved.get());
    m.put("repeatsRemoved", repeatsRemoved.get());
    m.put("late", late.get());
    m.put("deadLettered", deadLettered.get());
    return m;
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }
}
