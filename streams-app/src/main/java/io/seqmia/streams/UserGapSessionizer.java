package io.seqmia.streams;

import io.seqmia.schemas.Click;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link SessionMode#USER_GAP}: records keyed by user id; a user's clicks are cut into sessions where
 * consecutive event times are more than the gap apart. A session's id is
 * {@code userId + "@" + its first click's event-time millis}, so a replay gives the same ids. The
 * deadline index holds each user's oldest open run; a click at or within the gap after the user's last
 * closed session is late. A user whose runs are all closed is forgotten after closed.session.retention.ms.
 */
final class UserGapSessionizer implements Sessionizer {

  static final String ID_SEPARATOR = "@";

  private final long gapMs;
  private final long gapPlusGraceMs;
  private final KeyValueStore<String, UserSessions> users;
  private final KeyValueStore<String, String> deadlines;
  private final KeyValueStore<String, String> closedByTime;
  /** As in {@link SessionIdSessionizer}: sweeps start where the last one ended. */
  private long deadlinesSweptTo = 0L;
  private long closedForgottenTo = 0L;

  UserGapSessionizer(ProcessorContext<?, ?> context, StreamsAppConfig config) {
    this.gapMs = config.sessionGap().toMillis();
    this.gapPlusGraceMs = config.sessionGap().plus(config.grace()).toMillis();
    users = context.getStateStore(SeqmiaTopology.USER_SESSIONS_STORE);
    deadlines = context.getStateStore(SeqmiaTopology.SESSION_DEADLINES_STORE);
    closedByTime = context.getStateStore(SeqmiaTopology.CLOSED_BY_TIME_STORE);
  }

  static String sessionId(String userId, long firstEventTime) {
    return userId + ID_SEPARATOR + firstEventTime;
  }

  @Override
  public String add(Click click, String key, long streamTime) {
    String userId = click.getUserId();
    if (userId == null || userId.isBlank()) {
      return "Click without user id (session.mode=user-gap needs one on every click)";
    }
    if (!userId.equals(key)) {
      // Partitioning goes by key: clicks of one user under other keys could land on other tasks and
      // make duplicate sessions there.
      return "record key '" + key + "' is not the click's user id '" + userId
          + "': session.mode=user-gap needs clicks keyed by user (replay --key user)";
    }
    long eventTime = click.getEventTime().toEpochMilli();
    UserSessions state = users.get(userId);
    if (state == null) {
      state = UserSessions.empty();
    }
    if (state.isLate(eventTime, gapMs)) {
      return SessionProcessor.REASON_LATE;
    }
    unindex(userId, state);
    state.add(click.getItemId(), eventTime, streamTime);
    users.put(userId, state);
    index(userId, state);
    return null;
  }

  @Override
  public void closeDue(long streamTime, Closer closer, ChunkBudget budget) {
    deadlinesSweptTo = DeadlineIndex.sweep(deadlines, deadlinesSweptTo, streamTime, budget, e -> {
      UserSessions state = users.get(e.value);
      if (state == null) {
        deadlines.delete(e.key);
        return;
      }
      unindex(e.value, state);
      List<UserSessions.Buffered> run = state.firstRun(gapMs);
      while (!run.isEmpty() && UserSessions.closeAt(run, gapPlusGraceMs) < streamTime) {
        closeRun(e.value, state, run, streamTime, closer);
        budget.spend(1);
        run = state.firstRun(gapMs);
      }
      store(e.value, state, streamTime);
    });
  }

  @Override
  public SweepStep closeOpen(long streamTime, Closer closer, String after, ChunkBudget budget) {
    int limit = budget.remaining();
    List<KeyValue<String, UserSessions>> users = new ArrayList<>();
    boolean reachedEnd = true;
    try (KeyValueIterator<String, UserSessions> it = this.users.range(after, null)) {
      while (it.hasNext()) {
        if (users.size() >= limit) {
          reachedEnd = false;
          break;
        }
        users.add(it.next()); // users with nothing open are in the list too: the cursor moves past them
      }
    }
    String last = after;
    int closed = 0;
    for (KeyValue<String, UserSessions> e : users) {
      if (budget.exhausted()) {
        return new SweepStep(last, closed, false);
      }
      UserSessions state = e.value;
      if (!state.isEmpty()) {
        unindex(e.key, state);
        for (List<UserSessions.Buffered> run = state.firstRun(gapMs); !run.isEmpty(); run = state.firstRun(gapMs)) {
          closeRun(e.key, state, run, streamTime, closer);
          closed++;
        }
        store(e.key, state, streamTime);
      }
      budget.spend(1);
      last = e.key;
    }
    return new SweepStep(last, closed, reachedEnd);
  }

  private void closeRun(String userId, UserSessions state, List<UserSessions.Buffered> run, long streamTime,
      Closer closer) {
    state.closeFirstRun(run, streamTime);
    List<TimedItem> clicks = new ArrayList<>(run.size());
    for (UserSessions.Buffered b : run) {
      clicks.add(new TimedItem(b.itemId(), b.eventTime()));
    }
    closer.close(sessionId(userId, run.get(0).eventTime()), userId, clicks);
  }

  /** Writes the state back: indexed by its next deadline, or by close time when nothing is open. */
  private void store(String userId, UserSessions state, long streamTime) {
    users.put(userId, state);
    if (state.isEmpty()) {
      closedByTime.put(DeadlineIndex.key(streamTime, userId), userId);
    } else {
      index(userId, state);
    }
  }

  private void index(String userId, UserSessions state) {
    List<UserSessions.Buffered> run = state.firstRun(gapMs);
    if (!run.isEmpty()) {
      deadlines.put(DeadlineIndex.key(UserSessions.closeAt(run, gapPlusGraceMs), userId), userId);
    }
  }

  private void unindex(String userId, UserSessions state) {
    List<UserSessions.Buffered> run = state.firstRun(gapMs);
    if (!run.isEmpty()) {
      deadlines.delete(DeadlineIndex.key(UserSessions.closeAt(run, gapPlusGraceMs), userId));
    }
  }

  @Override
  public void forgetClosedBefore(long forgetBefore, ChunkBudget budget) {
    closedForgottenTo = DeadlineIndex.sweep(closedByTime, closedForgottenTo, forgetBefore, budget, e -> {
      closedByTime.delete(e.key);
      UserSessions state = users.get(e.value);
      // A user who clicked again since is not forgotten: a newer index entry or open clicks say so.
      if (state != null && state.isEmpty() && state.lastClosedAt() < forgetBefore) {
        users.delete(e.value);
      }
      budget.spend(1);
    });
  }
}
