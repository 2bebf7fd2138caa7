package io.seqmia.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Size and shape of a click data set, computed in one streaming pass (the statistics of the seed
 * paper's Table 1, plus session-length percentiles). Memory: one counter per session and per item.
 *
 * @param sessions distinct session ids
 * @param interactions clicks
 * @param items distinct item ids
 * @param avgSessionLength interactions / sessions
 * @param days span of event time (last minus first click) in days, as a fraction
 * @param gini Gini index of item popularity (click counts per item, sorted ascending)
 * @param singleClickSessions sessions with exactly one click (dropped downstream)
 * @param rejected input lines the reader rejected
 * @param sessionLengthP50 median session length (nearest rank: the smallest length that at least 50% of
 *     the sessions do not exceed); 0 without sessions
 * @param sessionLengthP90 90th percentile of the session length, nearest rank
 * @param sessionLengthP99 99th percentile of the session length, nearest rank
 * @param sessionLengthMax the longest session
 */
public record DatasetStats(
    long sessions,
    long interactions,
    long items,
    double avgSessionLength,
    double days,
    double gini,
    long singleClickSessions,
    long rejected,
    long sessionLengthP50,
    long sessionLengthP90,
    long sessionLengthP99,
    long sessionLengthMax) {

  private static final double MILLIS_PER_DAY = 86_400_000.0;

  /** Drains the reader (it is not closed here). */
  public static DatasetStats compute(ClickReader reader) {
    return compute(reader, reader);
  }

  /** Drains the events; rejected lines are read from {@code reader} when not null. */
  public static DatasetStats compute(Iterator<ClickEvent> events) {
    return compute(events, null);
  }

  private static DatasetStats compute(Iterator<ClickEvent> events, ClickReader reader) {
    Map<String, int[]> perSession = new HashMap<>();
    Map<String, long[]> perItem = new HashMap<>();
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    while (events.hasNext()) {
      ClickEvent e = events.next();
      perSession.computeIfAbsent(e.sessionId(), k -> new int[1])[0]++;
      perItem.computeIfAbsent(e.itemId(), k -> new long[1])[0]++;
      minTime = Math.min(minTime, e.eventTimeMillis());
      maxTime = Math.max(maxTime, e.eventTimeMillis());
    }
    int[] lengths = perSession.values().stream().mapToInt(c -> c[0]).toArray();
    long[] counts = perItem.values().stream().mapToLong(c -> c[0]).toArray();
    return fromCounts(lengths, counts, minTime, maxTime, reader == null ? 0 : reader.rejected());
  }

  /**
   * Drains a fresh reader from {@code source} for each of its passes and applies the usual session-based
   * preprocessing ({@link SessionFilter#GRU4REC}: sessions of length 1 out, then items seen fewer than 5
   * times, then sessions shorter than 2 again).
   */
  public static FilterResult computeFiltered(Supplier<? extends ClickReader> source) {
    return SessionFilter.GRU4REC.apply(source);
  }

  /**
   * The statistics of clicks summarised as counts.
   *
   * @param sessionLengths clicks per session, any order (the array is sorted in place)
   * @param itemCounts clicks per item, any order
   * @param minTime first event time (ignored without clicks)
   * @param maxTime last event time
   */
  static DatasetStats fromCounts(int[] sessionLengths, long[] itemCounts, long minTime, long maxTime,
      long rejected) {
    Arrays.sort(sessionLengths);
    long interactions = 0;
    long single = 0;
    for (int length : sessionLengths) {
      interactions += length;
      if (length == 1) {
        single++;
      }
    }
    int sessions = sessionLengths.length;
    return new DatasetStats(
        sessions,
        interactions,
        itemCounts.length,
        sessions == 0 ? 0 : (double) interactions / sessions,
        interactions == 0 ? 0 : (maxTime - minTime) / MILLIS_PER_DAY,
        gini(itemCounts),
        single,
        rejected,
        percentile(sessionLengths, 50),
        percentile(sessionLengths, 90),
        percentile(sessionLengths, 99),
        sessions == 0 ? 0 : sessionLengths[sessions - 1]);
  }

  /**
   * Nearest-rank percentile of sorted values: the value at rank ceil(p/100 * n), 1-based; 0 when empty.
   * Always one of the values, so a percentile of session lengths is a length that occurs.
   */
  static long percentile(int[] sorted, double p) {
    int n = sorted.length;
    if (n == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * n);
    return sorted[Math.min(n, Math.max(1, rank)) - 1];
  }

  /**
   * Gini index of non-negative counts: 0 when all are equal, approaching 1 when one holds everything.
   * G = 2 * sum(i * x_i) / (n * sum(x)) - (n + 1) / n, with x sorted ascending and i from 1.
   */
  public static double gini(long[] counts) {
    int n = counts.length;
    if (n == 0) {
      return 0;
    }
    long[] x = counts.clone();
    Arrays.sort(x);
    double weighted = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      weighted += (i + 1) * (double) x[i];
      total += x[i];
    }
    return total == 0 ? 0 : 2 * weighted / (n * total) - (n + 1.0) / n;
  }

  /** Whole days the data spans, rounded up (a span of 6.2 days is 7). */
  public long daysRoundedUp() {
    return (long) Math.ceil(days);
  }

  /** The statistics by name, in a stable order, for reports and JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sessions", sessions);
    m.put("interactions", interactions);
    m.put("items", items);
    m.put("avgSessionLength", avgSessionLength);
    m.put("days", days);
    m.put("gini", gini);
    m.put("singleClickSessions", singleClickSessions);
    m.put("rejected", rejected);
    m.put("sessionLengthP50", sessionLengthP50);
    m.put("sessionLengthP90", sessionLengthP90);
    m.put("sessionLengthP99", sessionLengthP99);
    m.put("sessionLengthMax", sessionLengthMax);
    return m;
  }
}
