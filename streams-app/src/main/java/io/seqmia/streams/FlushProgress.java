package io.seqmia.streams;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A flush in progress on one sessionizer task, kept in the {@link SeqmiaTopology#FLUSH_PROGRESS_STORE}
 * so that a flush of a large backlog runs in bounded steps and a crash (even kill -9) resumes it where
 * the last committed step left it: the store, the sessions closed and the sequences emitted commit in
 * one transaction. Flush markers that arrive while one is in progress wait in line, in arrival order.
 *
 * @param runId the flush marker's run id
 * @param cursor the last session store key closed (null: the sweep has not started)
 * @param originals sessions emitted by this flush so far
 * @param tooShort sessions this flush closed that were too short to emit
 */
record FlushProgress(String runId, String cursor, long originals, long tooShort) {

  static final String ACTIVE = "active";
  static final String QUEUED = "queued|";
  private static final String SEP = "\u0000";

  FlushProgress {
    if (runId == null || runId.contains(SEP)) {
      throw new IllegalArgumentException("flush run id must be set and free of NUL characters: " + runId);
    }
  }

  static FlushProgress start(String runId) {
    return new FlushProgress(runId, null, 0, 0);
  }

  FlushProgress advance(String newCursor, long moreOriginals, long moreTooShort) {
    return new FlushProgress(runId, newCursor, originals + moreOriginals, tooShort + moreTooShort);
  }

  long closed() {
    return originals + tooShort;
  }

  String encode() {
    return String.join(SEP, runId, cursor == null ? "" : "k" + cursor, Long.toString(originals),
        Long.toString(tooShort));
  }

  static FlushProgress decode(String s) {
    String[] f = s.split(SEP, -1);
    if (f.length != 4) {
      throw new IllegalStateException("flush progress record has " + f.length + " fields, expected 4");
    }
    return new FlushProgress(f[0], f[1].isEmpty() ? null : f[1].substring(1), Long.parseLong(f[2]),
        Long.parseLong(f[3]));
  }

  /** The flush in progress, or null. */
  static FlushProgress active(KeyValueStore<String, String> store) {
    String s = store.get(ACTIVE);
    return s == null ? null : decode(s);
  }

  static void save(KeyValueStore<String, String> store, FlushProgress progress) {
    store.put(ACTIVE, progress.encode());
  }

  /** Starts {@code runId} now, or queues it behind the flush in progress. Returns true when it started. */
  static boolean offer(KeyValueStore<String, String> store, String runId, long arrival) {
    if (store.get(ACTIVE) == null) {
      save(store, start(runId));
      return true;
    }
    store.put(QUEUED + String.format("%019d", arrival), runId);
    return false;
  }

  /** Ends the flush in progress and starts the next queued one, if any. Returns the one started, or null. */
  static FlushProgress finishActive(KeyValueStore<String, String> store) {
    store.delete(ACTIVE);
    List<KeyValue<String, String>> next = new ArrayList<>(1);
    try (KeyValueIterator<String, String> it = store.range(QUEUED, QUEUED + "\uffff")) {
      if (it.hasNext()) {
        next.add(it.next());
      }
    }
    if (next.isEmpty()) {
      return null;
    }
    store.delete(next.get(0).key);
    FlushProgress started = start(next.get(0).value);
    save(store, started);
    return started;
  }
}
