package io.seqmia.trainer;

import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which clicks partitions the streams-app has flushed, per replay run, and how many sequences the flushes
 * announced, from the control topic.
 */
final class FlushTracker {

  private final Map<String, Set<Integer>> flushed = new HashMap<>();
  private String latestRunId;
  private long announced;
  private boolean anyCount;

  /** Records a control event; only replay and flush events move the latest run id. */
  void onControl(ControlEvent event) {
    if (event.getType() == ControlType.SESSIONS_FLUSHED && event.getPartition() != null) {
      flushed.computeIfAbsent(event.getRunId(), r -> new HashSet<>()).add(event.getPartition());
      latestRunId = event.getRunId();
      if (event.getCount() != null) {
        // each SESSIONS_FLUSHED counts the sequences its partition emitted since the previous one
        announced += event.getCount();
        anyCount = true;
      }
    } else if (event.getType() == ControlType.END_OF_REPLAY) {
      latestRunId = event.getRunId();
    }
  }

  /** The run id of the most recent replay or flush event, or null if none was seen. */
  String latestRunId() {
    return latestRunId;
  }

  /** True when the latest run has flushed every partition 0..partitions-1. */
  boolean latestRunComplete(int partitions) {
    return partitions > 0 && flushedPartitions(partitions) == partitions;
  }

  /** How many of the partitions 0..partitions-1 the latest run has flushed. */
  int flushedPartitions(int partitions) {
    if (latestRunId == null) {
      return 0;
    }
    Set<Integer> seen = flushed.getOrDefault(latestRunId, Set.of());
    int n = 0;
    for (int p = 0; p < partitions; p++) {
      n += seen.contains(p) ? 1 : 0;
    }
    return n;
  }

  /**
   * Sequences the flushes seen so far announced (the sum of their counts), or -1 when no flush carried a
   * count. With partitions not yet flushed this is a lower bound of what is coming.
   */
  long announcedSequences() {
    return anyCount ? announced : -1;
  }
}
