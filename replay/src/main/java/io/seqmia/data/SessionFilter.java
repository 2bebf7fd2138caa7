package io.seqmia.data;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The usual session-based preprocessing, as GRU4Rec's {@code preprocess.py} does it, iterated once:
 * <ol>
 *   <li>drop sessions shorter than {@code minSessionLength};</li>
 *   <li>drop clicks on items seen fewer than {@code minItemSupport} times in what is left;</li>
 *   <li>drop sessions now shorter than {@code minSessionLength}.</li>
 * </ol>
 * Streaming in three passes over the source (a fresh reader per pass), so nothing is held per click:
 * memory is one small record per session (with at most {@code minSessionLength - 1} item ids while the
 * session is still short) and one counter per item.
 *
 * @param minSessionLength sessions with fewer clicks are dropped (GRU4Rec: 2)
 * @param minItemSupport items with fewer clicks are dropped (GRU4Rec: 5)
 */
public record SessionFilter(int minSessionLength, int minItemSupport) {

  public static final int GRU4REC_MIN_SESSION_LENGTH = 2;
  public static final int GRU4REC_MIN_ITEM_SUPPORT = 5;
  public static final SessionFilter GRU4REC =
      new SessionFilter(GRU4REC_MIN_SESSION_LENGTH, GRU4REC_MIN_ITEM_SUPPORT);

  public SessionFilter {
    if (minSessionLength < 1) {
      throw new IllegalArgumentException("minSessionLength must be >= 1, got " + minSessionLength);
    }
    if (minItemSupport < 1) {
      throw new IllegalArgumentException("minItemSupport must be >= 1, got " + minItemSupport);
    }
  }

  /** What one session looks like across the passes. */
  private static final class Session {
    int rawLength;
    int keptLength;
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    /** The kept items while the session is still too short to stay; null once it is long enough. */
    String[] shortItems;
  }

  /**
   * Applies the filter; each pass takes a fresh reader from {@code source} and closes it.
   *
   * @throws IllegalStateException when a pass reads a different number of clicks than the first (the
   *     supplier must open the same data each time, not hand out a used reader)
   */
  public FilterResult apply(Supplier<? extends ClickReader> source) {
    Objects.requireNonNull(source, "source");
    Map<String, Session> sessions = new HashMap<>();
    Map<String, long[]> rawItems = new HashMap<>();
    long[] times = {Long.MAX_VALUE, Long.MIN_VALUE};
    Pass first = pass(source, e -> {
      sessions.computeIfAbsent(e.sessionId(), k -> new Session()).rawLength++;
      rawItems.computeIfAbsent(e.itemId(), k -> new long[1])[0]++;
      times[0] = Math.min(times[0], e.eventTimeMillis());
      times[1] = Math.max(times[1], e.eventTimeMillis());
    });
    long clicks = first.clicks();
    long rejected = first.rejected();
    DatasetStats before = DatasetStats.fromCounts(
        sessions.values().stream().mapToInt(s -> s.rawLength).toArray(),
        rawItems.values().stream().mapToLong(c -> c[0]).toArray(), times[0], times[1], rejected);
    rawItems.clear();

    // Pass 2: item support among the sessions that are long enough.
    Map<String, long[]> support = new HashMap<>();
    check(clicks, pass(source, e -> {
      if (sessions.get(e.sessionId()).rawLength >= minSessionLength) {
        support.computeIfAbsent(e.itemId(), k -> new long[1])[0]++;
      }
    }));

    // Pass 3: the clicks both filters keep, per session and per item.
    Map<String, long[]> keptItems = new HashMap<>();
    check(clicks, pass(source, e -> {
      Session s = sessions.get(e.sessionId());
      long[] itemSupport = support.get(e.itemId());
      if (s.rawLength < minSessionLength || itemSupport == null || itemSupport[0] < minItemSupport) {
        return;
      }
      keptItems.computeIfAbsent(e.itemId(), k -> new long[1])[0]++;
      s.minTime = Math.min(s.minTime, e.eventTimeMillis());
      s.maxTime = Math.max(s.maxTime, e.eventTimeMillis());
      if (s.keptLength < minSessionLength - 1) {
        if (s.shortItems == null) {
          s.shortItems = new String[minSessionLength - 1];
        }
        s.shortItems[s.keptLength] = e.itemId();
      } else {
        s.shortItems = null; // long enough to stay: its items need no undoing
      }
      s.keptLength++;
    }));

    // Step 3: sessions that became too short give their clicks back.
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    int[] lengths = new int[(int) sessions.values().stream().filter(s -> s.keptLength >= minSessionLength).count()];
    int n = 0;
    for (Session s : sessions.values()) {
      if (s.keptLength >= minSessionLength) {
        lengths[n++] = s.keptLength;
        minTime = Math.min(minTime, s.minTime);
        maxTime = Math.max(maxTime, s.maxTime);
      } else {
        for (int i = 0; i < s.keptLength; i++) {
          long[] count = keptItems.get(s.shortItems[i]);
          if (--count[0] == 0) {
            keptItems.remove(s.shortItems[i]);
          }
        }
      }
    }
    DatasetStats after = DatasetStats.fromCounts(
        lengths, keptItems.values().stream().mapToLong(c -> c[0]).toArray(), minTime, maxTime, rejected);
    return new FilterResult(this, before, after);
  }

  private record Pass(long clicks, long rejected) {}

  private static Pass pass(Supplier<? extends ClickReader> source, Consumer<ClickEvent> action) {
    long clicks = 0;
    try (ClickReader reader = Objects.requireNonNull(source.get(), "source gave no reader")) {
      while (reader.hasNext()) {
        action.accept(reader.next());
        clicks++;
      }
      return new Pass(clicks, reader.rejected());
    }
  }

  private static void check(long firstPass, Pass thisPass) {
    if (thisPass.clicks() != firstPass) {
      throw new IllegalStateException("The click source gave " + thisPass.clicks() + " clicks on a later pass but "
          + firstPass + " on the first: the supplier must open the same data afresh for every pass");
    }
  }
}
