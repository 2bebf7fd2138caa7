package io.seqmia.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An open session in the sessions store: its clicks in arrival order, the first user id seen and the
 * latest stream time at which one of its clicks arrived. Stored with a small versioned binary format.
 */
public final class SessionState {

  /**
   * Clicks kept per open session; beyond this the earliest (by event time) are dropped, so a runaway
   * session cannot grow a store value without bound. Far above any useful max.length.
   */
  static final int MAX_BUFFERED_CLICKS = 2000;
  private static final byte FORMAT_VERSION = 1;

  private String userId;
  private long lastArrivalStreamTime;
  private long maxEventTime = Long.MIN_VALUE;
  private final List<TimedItem> clicks;

  SessionState(String userId, long lastArrivalStreamTime, List<TimedItem> clicks) {
    this.userId = userId;
    this.lastArrivalStreamTime = lastArrivalStreamTime;
    this.clicks = clicks;
    for (TimedItem c : clicks) {
      maxEventTime = Math.max(maxEventTime, c.eventTime());
    }
  }

  static SessionState empty() {
    return new SessionState(null, Long.MIN_VALUE, new ArrayList<>());
  }

  void add(TimedItem click, String clickUserId, long streamTime) {
    clicks.add(click);
    maxEventTime = Math.max(maxEventTime, click.eventTime());
    lastArrivalStreamTime = Math.max(lastArrivalStreamTime, streamTime);
    if (userId == null) {
      userId = clickUserId;
    }
    if (clicks.size() > MAX_BUFFERED_CLICKS) {
      clicks.remove(clicks.stream().min(Comparator.comparingLong(TimedItem::eventTime)).orElseThrow());
    }
  }

  /** Stream time after which the session closes: max(last event time, last arrival) + gap + grace. */
  long closeAt(long gapPlusGraceMs) {
    long base = Math.max(maxEventTime, lastArrivalStreamTime);
    return base > Long.MAX_VALUE - gapPlusGraceMs ? Long.MAX_VALUE : base + gapPlusGraceMs;
  }

  String userId() {
    return userId;
  }

  List<TimedItem> clicks() {
    return clicks;
  }

  static final Serde<SessionState> SERDE = Serdes.serdeFrom(
      (topic, s) -> s == null ? null : s.toBytes(),
      (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

  byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + clicks.size() * 24);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(FORMAT_VERSION);
      out.writeBoolean(userId != null);
      if (userId != null) {
        out.writeUTF(userId);
      }
      out.writeLong(lastArrivalStreamTime);
      out.writeInt(clicks.size());
      for (TimedItem c : clicks) {
        out.writeUTF(c.itemId());
        out.writeLong(c.eventTime());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SessionState fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalStateException("Unknown session state format " + version);
      }
      String userId = in.readBoolean() ? in.readUTF() : null;
      long arrival = in.readLong();
      int n = in.readInt();
      List<TimedItem> clicks = new ArrayList<>(n + 1);
      for (int i = 0; i < n; i++) {
        clicks.add(new TimedItem(in.readUTF(), in.readLong()));
      }
      return new SessionState(userId, arrival, clicks);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
