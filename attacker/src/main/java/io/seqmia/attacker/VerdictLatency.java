package io.seqmia.attacker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latencies in milliseconds and their percentiles, in a fixed footprint (HdrHistogram: log-bucketed, two
 * significant digits, about 20 KB) however many verdicts are recorded. Values above a week are counted as a week;
 * negative ones (clocks of two machines) as 0.
 */
public final class VerdictLatency {

  public static final String COUNT = "count";
  public static final String P50 = "p50";
  public static final String P99 = "p99";
  public static final String MAX = "max";
  private static final long HIGHEST_MS = TimeUnit.DAYS.toMillis(7);

  private final Histogram histogram = new Histogram(HIGHEST_MS, 2);

  public void record(long millis) {
    histogram.recordValue(Math.max(0, Math.min(HIGHEST_MS, millis)));
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** {count, p50, p99, max} in milliseconds; empty when nothing was recorded. */
  public Map<String, Double> summary() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (histogram.getTotalCount() == 0) {
      return out;
    }
    out.put(COUNT, (double) histogram.getTotalCount());
    out.put(P50, (double) histogram.getValueAtPercentile(50));
    out.put(P99, (double) histogram.getValueAtPercentile(99));
    out.put(MAX, (double) histogram.getMaxValue());
    return out;
  }

  public void reset() {
    histogram.reset();
  }
}
