package io.seqmia.trainer;

import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Which clicks partitions the streams-app has flushed, per replay run, from the control topic. */
final class FlushTracker {

  private final Map<String, Set<Integer>> flushed = new HashMap<>();
  private String latestRunId;

  /** Records a control event; only replay and flush events move the latest run id. */
  void onControl(ControlEvent event) {
    if (event.getType() == ControlType.SESSIONS_FLUSHED && event.getPartition() != null) {
      flushed.computeIfAbsent(event.getRunId(), r -> new HashSet<>()).add(event.getPartition());
      latestRunId = event.getRunId();
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
    if (latestRunId == null || partitions <= 0) {
      return false;
    }
    Set<Integer> seen = flushed.getOrDefault(latestRunId, Set.of());
    for (int p = 0; p < partitions; p++) {
      if (!seen.contains(p)) {
        return false;
      }
    }
    return true;
  }
}
