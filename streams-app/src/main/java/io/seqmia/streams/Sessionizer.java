package io.seqmia.streams;

import io.seqmia.schemas.Click;
import java.util.List;

/**
 * The open-session bookkeeping of one {@link SessionMode}: which clicks belong together and when a
 * session is closed. Closing hands the session to a {@link Closer}, which cleans and emits it. Every
 * closing or forgetting sweep stops when its {@link ChunkBudget} is spent and resumes on the next call.
 */
interface Sessionizer {

  /** Receives a closed session: its id, user and clicks (any order). Returns the sequences emitted. */
  @FunctionalInterface
  interface Closer {
    int close(String sessionId, String userId, List<TimedItem> clicks);
  }

  /**
   * One step of a sweep over the open sessions in store-key order.
   *
   * @param lastKey the last store key swept (resume after it), or the {@code after} given when none
   * @param closed sessions closed in this step
   * @param reachedEnd true when no open session is left after {@code lastKey}
   */
  record SweepStep(String lastKey, int closed, boolean reachedEnd) {}

  /**
   * Adds a click that arrived with record key {@code key} at {@code streamTime}.
   *
   * @return null when accepted, {@link SessionProcessor#REASON_LATE} for a click of an already closed
   *     session, otherwise the reason the click cannot be used (it is dead-lettered)
   */
  String add(Click click, String key, long streamTime);

  /**
   * Closes, in deadline order, sessions whose close time stream time has passed, until the budget is
   * spent; the next call goes on where this one stopped.
   */
  void closeDue(long streamTime, Closer closer, ChunkBudget budget);

  /**
   * Closes open sessions whose store key is after {@code after} (null: from the first), in key order,
   * until the budget is spent or none is left (flush marker).
   */
  SweepStep closeOpen(long streamTime, Closer closer, String after, ChunkBudget budget);

  /**
   * Forgets closed sessions closed before {@code streamTime}, within the budget; later clicks for them
   * are no longer late.
   */
  void forgetClosedBefore(long streamTime, ChunkBudget budget);
}
