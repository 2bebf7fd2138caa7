package io.seqmia.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One user's state in {@link SessionMode#USER_GAP}: the clicks not yet closed, ordered by event time
 * (ties keep arrival order), each with the stream time it arrived at, and where the last closed session
 * of the user ended. The open clicks fall into runs ("sessions") wherever consecutive event times are
 * more than the gap apart; runs close oldest first.
 */
final class UserSessions {

  private static final byte FORMAT_VERSION = 1;
  static final long NONE = Long.MIN_VALUE;

  /** A buffered click: item, event time and the stream time when it arrived. */
  record Buffered(String itemId, long eventTime, long arrival) {}

  private long lastClosedEnd;
  private long lastClosedAt;
  private final List<Buffered> clicks;

  private UserSessions(long lastClosedEnd, long lastClosedAt, List<Buffered> clicks) {
    this.lastClosedEnd = lastClosedEnd;
    this.lastClosedAt = lastClosedAt;
    this.clicks = clicks;
  }

  static UserSessions empty() {
    return new UserSessions(NONE, NONE, new ArrayList<>());
  }

  /**
   * Whether a click at {@code eventTime} belongs to (or before) a session already closed: within the gap
   * of its last click it would have extended that session.
   */
  boolean isLate(long eventTime, long gapMs) {
    return lastClosedEnd != NONE && eventTime <= lastClosedEnd + gapMs;
  }

  void add(String itemId, long eventTime, long streamTime) {
    int at = clicks.size();
    while (at > 0 && clicks.get(at - 1).eventTime() > eventTime) {
      at--;
    }
    clicks.add(at, new Buffered(itemId, eventTime, streamTime));
    if (clicks.size() > SessionState.MAX_BUFFERED_CLICKS) {
      clicks.remove(0); // a runaway user: keep the newest clicks
    }
  }

  boolean isEmpty() {
    return clicks.isEmpty();
  }

  long lastClosedAt() {
    return lastClosedAt;
  }

  /** The oldest open run: the clicks up to the first gap longer than {@code gapMs}; empty when none. */
  List<Buffered> firstRun(long gapMs) {
    if (clicks.isEmpty()) {
      return List.of();
    }
    int end = 1;
    while (end < clicks.size() && clicks.get(end).eventTime() - clicks.get(end - 1).eventTime() <= gapMs) {
      end++;
    }
    return List.copyOf(clicks.subList(0, end));
  }

  /**
   * Stream time after which a run closes: {@code max(its last event time, latest arrival of its clicks)
   * + gap + grace}. The arrival term keeps a run open while a replay ordered by user (not by time) is
   * still delivering it; on a time-ordered replay the two terms are about equal.
   */
  static long closeAt(List<Buffered> run, long gapPlusGraceMs) {
    long base = Long.MIN_VALUE;
    for (Buffered b : run) {
      base = Math.max(base, Math.max(b.eventTime(), b.arrival()));
    }
    return base > Long.MAX_VALUE - gapPlusGraceMs ? Long.MAX_VALUE : base + gapPlusGraceMs;
  }

  /** Removes the first {@code run.size()} clicks (the run) and remembers where it ended. */
  void closeFirstRun(List<Buffered> run, long streamTime) {
    clicks.subList(0, run.size()).clear();
    lastClosedEnd = run.get(run.size() - 1).eventTime();
    lastClosedAt = streamTime;
  }

  static final Serde<UserSessions> SERDE = Serdes.serdeFrom(
      (topic, s) -> s == null ? null : s.toBytes(),
      (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

  byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + clicks.size() * 32);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(FORMAT_VERSION);
      out.writeLong(lastClosedEnd);
      out.writeLong(lastClosedAt);
      out.writeInt(clicks.size());
      for (Buffered c : clicks) {
        out.writeUTF(c.itemId());
        out.writeLong(c.eventTime());
        out.writeLong(c.arrival());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static UserSessions fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalStateException("Unknown user session state format " + version);
      }
      long lastEnd = in.readLong();
      long lastAt = in.readLong();
      int n = in.readInt();
      List<Buffered> clicks = new ArrayList<>(n + 1);
      for (int i = 0; i < n; i++) {
        clicks.add(new Buffered(in.readUTF(), in.readLong(), in.readLong()));
      }
      return new UserSessions(lastEnd, lastAt, clicks);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
