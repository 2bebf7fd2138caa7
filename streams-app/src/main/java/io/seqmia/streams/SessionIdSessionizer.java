package io.seqmia.streams;

import io.seqmia.schemas.Click;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link SessionMode#SESSION_ID}: one open session per session id. A session's close time is
 * {@code max(last click event time, stream time when its last click arrived) + gap + grace}; a closed id
 * is remembered for closed.session.retention.ms so that its stragglers are late (docs/STREAMS.md).
 */
final class SessionIdSessionizer implements Sessionizer {

  private final long gapPlusGraceMs;
  private final KeyValueStore<String, SessionState> sessions;
  private final KeyValueStore<String, String> deadlines;
  private final KeyValueStore<String, Long> closed;
  private final KeyValueStore<String, String> closedByTime;
  /**
   * Every deadline before this was closed by an earlier sweep, and new deadlines are always later than
   * the stream time they were written at. Sweeps therefore seek here instead of to the first key: a
   * RocksDB iterator from the start would step over every tombstone the earlier sweeps left, which made
   * each punctuation slower than the last (quadratic on a time-ordered replay).
   */
  private long deadlinesSweptTo = 0L;
  /** The same for the closed-session index: everything before this is forgotten already. */
  private long closedForgottenTo = 0L;

  SessionIdSessionizer(ProcessorContext<?, ?> context, StreamsAppConfig config) {
    this.gapPlusGraceMs = config.sessionGap().plus(config.grace()).toMillis();
    sessions = context.getStateStore(SeqmiaTopology.SESSIONS_STORE);
    deadlines = context.getStateStore(SeqmiaTopology.SESSION_DEADLINES_STORE);
    closed = context.getStateStore(SeqmiaTopology.CLOSED_SESSIONS_STORE);
    closedByTime = context.getStateStore(SeqmiaTopology.CLOSED_BY_TIME_STORE);
  }

  @Override
  public String add(Click click, String key, long streamTime) {
    String sessionId = click.getSessionId();
    if (sessionId == null || sessionId.isBlank()) {
      return "Click without session id";
    }
    if (closed.get(sessionId) != null) {
      return SessionProcessor.REASON_LATE;
    }
    SessionState state = sessions.get(sessionId);
    if (state == null) {
      state = SessionState.empty();
    } else {
      deadlines.delete(DeadlineIndex.key(state.closeAt(gapPlusGraceMs), sessionId));
    }
    state.add(new TimedItem(click.getItemId(), click.getEventTime().toEpochMilli()), click.getUserId(), streamTime);
    sessions.put(sessionId, state);
    deadlines.put(DeadlineIndex.key(state.closeAt(gapPlusGraceMs), sessionId), sessionId);
    return null;
  }

  @Override
  public void closeDue(long streamTime, Closer closer, ChunkBudget budget) {
    deadlinesSweptTo = DeadlineIndex.sweep(deadlines, deadlinesSweptTo, streamTime, budget, e -> {
      SessionState state = sessions.get(e.value);
      if (state != null) {
        close(e.value, state, streamTime, closer);
      } else {
        deadlines.delete(e.key);
      }
      budget.spend(1);
    });
  }

  @Override
  public SweepStep closeOpen(long streamTime, Closer closer, String after, ChunkBudget budget) {
    int limit = budget.remaining();
    List<KeyValue<String, SessionState>> open = new ArrayList<>();
    // From the last key closed, not from the first: the keys before it are tombstones now.
    try (KeyValueIterator<String, SessionState> it = sessions.range(after, null)) {
      while (it.hasNext() && open.size() < limit) {
        open.add(it.next());
      }
    }
    String last = after;
    int closed = 0;
    for (KeyValue<String, SessionState> e : open) {
      if (budget.exhausted()) {
        return new SweepStep(last, closed, false);
      }
      close(e.key, e.value, streamTime, closer);
      budget.spend(1);
      closed++;
      last = e.key;
    }
    return new SweepStep(last, closed, open.size() < limit);
  }

  private void close(String sessionId, SessionState state, long streamTime, Closer closer) {
    sessions.delete(sessionId);
    deadlines.delete(DeadlineIndex.key(state.closeAt(gapPlusGraceMs), sessionId));
    closed.put(sessionId, streamTime);
    closedByTime.put(DeadlineIndex.key(streamTime, sessionId), sessionId);
    closer.close(sessionId, state.userId(), state.clicks());
  }

  @Override
  public void forgetClosedBefore(long forgetBefore, ChunkBudget budget) {
    closedForgottenTo = DeadlineIndex.sweep(closedByTime, closedForgottenTo, forgetBefore, budget, e -> {
      closedByTime.delete(e.key);
      closed.delete(e.value);
      budget.spend(1);
    });
  }
}
