package io.seqmia.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What the topology did, counted across all its tasks in this JVM. Counted when processed: under
 * exactly-once a task that aborts a transaction and reprocesses counts that work twice, so these are
 * for monitoring, not for reconciliation (the topics are the truth). The same counts are exposed per
 * task as Kafka Streams metrics (group {@value TaskCounters#METRICS_GROUP}, see {@link TaskCounters}).
 */
public final class StreamsCounters {

  /** ORIGINAL sequences emitted. */
  public final AtomicLong sessionsEmitted = new AtomicLong();
  /** AUGMENTED variants emitted. */
  public final AtomicLong augmentedEmitted = new AtomicLong();
  /** Variants not made because no position had a known neighbour outside the sequence. */
  public final AtomicLong augmentSkipped = new AtomicLong();
  /**
   * Closed sessions not emitted because they were shorter than min.length after cleaning, for any
   * reason; includes {@link #droppedByRepeats}.
   */
  public final AtomicLong tooShort = new AtomicLong();
  /**
   * The part of {@link #tooShort} that had at least min.length clicks after exact-duplicate removal and
   * fell below it only because drop.repeats removed consecutive repeats (e.g. a session a, a, a).
   */
  public final AtomicLong droppedByRepeats = new AtomicLong();
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

  /** The counters by name, in {@link #snapshot()} order; the names are also the metric names. */
  enum Counter {
    SESSIONS_EMITTED("sessionsEmitted", "ORIGINAL sequences emitted", c -> c.sessionsEmitted),
    AUGMENTED_EMITTED("augmentedEmitted", "AUGMENTED variants emitted", c -> c.augmentedEmitted),
    AUGMENT_SKIPPED("augmentSkipped", "variants not made: no known neighbour outside the sequence",
        c -> c.augmentSkipped),
    TOO_SHORT("tooShort", "closed sessions shorter than min.length after cleaning (all reasons)", c -> c.tooShort),
    DROPPED_BY_REPEATS("droppedByRepeats", "closed sessions too short only because repeats were dropped",
        c -> c.droppedByRepeats),
    TRUNCATED("truncated", "sequences cut to their last max.length items", c -> c.truncated),
    DUPLICATES_REMOVED("duplicatesRemoved", "exact duplicate clicks removed", c -> c.duplicatesRemoved),
    REPEATS_REMOVED("repeatsRemoved", "consecutive repeated clicks removed", c -> c.repeatsRemoved),
    LATE("late", "clicks for closed sessions sent to the DLQ as late", c -> c.late),
    DEAD_LETTERED("deadLettered", "malformed or unusable records sent to the DLQ", c -> c.deadLettered);

    final String metricName;
    final String description;
    private final Function<StreamsCounters, AtomicLong> field;

    Counter(String metricName, String description, Function<StreamsCounters, AtomicLong> field) {
      this.metricName = metricName;
      this.description = description;
      this.field = field;
    }

    AtomicLong of(StreamsCounters counters) {
      return field.apply(counters);
    }
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Counter c : Counter.values()) {
      m.put(c.metricName, c.of(this).get());
    }
    return m;
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }
}
