package io.seqmia.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Size and shape of a click data set, computed in one streaming pass (the statistics of the seed
 * paper's Table 1). Memory: one counter per session and per item.
 *
 * @param sessions distinct session ids
 * @param interactions clicks
 * @param items distinct item ids
 * @param avgSessionLength interactions / sessions
 * @param days span of event time (last minus first click) in days, as a fraction
 * @param gini Gini index of item popularity (click counts per item, sorted ascending)
 * @param singleClickSessions sessions with exactly one click (dropped downstream)
 * @param rejected input lines the reader rejected
 */
public record DatasetStats(
    long sessions,
    long interactions,
    long items,
    double avgSessionLength,
    double days,
    double gini,
    long singleClickSessions,
    long rejected) {

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
    long interactions = 0;
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    while (events.hasNext()) {
      ClickEvent e = events.next();
      interactions++;
      perSession.computeIfAbsent(e.sessionId(), k -> new int[1])[0]++;
      perItem.computeIfAbsent(e.itemId(), k -> new long[1])[0]++;
      minTime = Math.min(minTime, e.eventTimeMillis());
      maxTime = Math.max(maxTime, e.eventTimeMillis());
    }
    long single = perSession.values().stream().filter(c -> c[0] == 1).count();
    long[] counts = perItem.values().stream().mapToLong(c -> c[0]).toArray();
    long sessions = perSession.size();
    return new DatasetStats(
        sessions,
        interactions,
        counts.length,
        sessions == 0 ? 0 : (double) interactions / sessions,
        interactions == 0 ? 0 : (maxTime - minTime) / MILLIS_PER_DAY,
        gini(counts),
        single,
        reader == null ? 0 : reader.rejected());
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
    return m;
  }
}
