package io.seqmia.replay;

import java.io.PrintStream;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replay progress: on a terminal ({@code System.console() != null}) a single-line bar on stderr with count,
 * rate and ETA (when the done fraction is known: bytes read of the file, or a known total); otherwise a
 * log line every {@link #LOG_INTERVAL_NANOS}.
 */
final class Progress {

  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  static final long LOG_INTERVAL_NANOS = 5_000_000_000L;
  static final long BAR_INTERVAL_NANOS = 250_000_000L;
  private static final int BAR_WIDTH = 24;

  private final String runId;
  private final PrintStream bar;
  private final long start = System.nanoTime();
  private long last = start;
  private boolean barShown;
  private volatile DoubleSupplier fraction = () -> Double.NaN;

  private Progress(String runId, PrintStream bar) {
    this.runId = runId;
    this.bar = bar;
  }

  /** A bar on stderr on a terminal, log lines otherwise. */
  static Progress forCurrentOutput(String runId) {
    return new Progress(runId, System.console() != null ? System.err : null);
  }

  /** Log lines only, whatever the output (the caller draws its own display). */
  static Progress logOnly(String runId) {
    return new Progress(runId, null);
  }

  /** Where the done fraction (0..1, NaN if unknown) comes from from now on. */
  void fraction(DoubleSupplier source) {
    fraction = source;
  }

  /** Called often; prints only when the interval has passed. */
  void update(String phase, long count, long rejected) {
    long now = System.nanoTime();
    long interval = bar != null ? BAR_INTERVAL_NANOS : LOG_INTERVAL_NANOS;
    if (now - last < interval) {
      return;
    }
    last = now;
    double seconds = (now - start) / 1e9;
    double rate = count / Math.max(seconds, 1e-9);
    double done = fraction.getAsDouble();
    String eta = Double.isNaN(done) || done <= 0 ? "" : " ETA " + duration(seconds * (1 - done) / done);
    if (bar != null) {
      int filled = Double.isNaN(done) ? 0 : (int) Math.round(Math.min(1, done) * BAR_WIDTH);
      String pct = Double.isNaN(done) ? "" : String.format(" %3.0f%%", Math.min(1, done) * 100);
      bar.printf("\r%s [%s%s]%s %,d records, %,d rejected, %,.0f/s%s   ", phase, "#".repeat(filled),
          ".".repeat(BAR_WIDTH - filled), pct, count, rejected, rate, eta);
      bar.flush();
      barShown = true;
    } else {
      LOG.info("Replay {} {}: {} records, {} rejected, {} records/s{}", runId, phase, count, rejected,
          Math.round(rate), eta);
    }
  }

  /** Ends the bar line so the summary starts on its own line. */
  void finish() {
    if (barShown) {
      bar.println();
      bar.flush();
    }
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
