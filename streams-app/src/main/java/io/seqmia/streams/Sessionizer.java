package io.seqmia.streams;

import io.seqmia.schemas.Click;
import java.util.List;

/**
 * The open-session bookkeeping of one {@link SessionMode}: which clicks belong together and when a
 * session is closed. Closing hands the session to a {@link Closer}, which cleans and emits it.
 */
interface Sessionizer {

  /** Receives a closed session: its id, user and clicks (any order). Returns the sequences emitted. */
  @FunctionalInterface
  interface Closer {
    int close(String sessionId, String userId, List<TimedItem> clicks);
  }

  /**
   * Adds a click that arrived with record key {@code key} at {@code streamTime}.
   *
   * @return null when accepted, {@link SessionProcessor#REASON_LATE} for a click of an already closed
   *     session, otherwise the reason the click cannot be used (it is dead-lettered)
   */
  String add(Click click, String key, long streamTime);

  /** Closes, in order, every session whose close time stream time has passed. */
  void closeDue(long streamTime, Closer closer);

  /** Closes every open session (flush marker). Returns how many were open. */
  int closeAll(long streamTime, Closer closer);

  /** Forgets closed sessions closed before {@code streamTime}; later clicks for them are no longer late. */
  void forgetClosedBefore(long streamTime);
}
