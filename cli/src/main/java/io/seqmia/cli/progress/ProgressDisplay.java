package io.seqmia.cli.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one progress display of the demo and of each stage command: a line per phase with its count, rate and ETA,
 * redrawn in place on a terminal; on a log, a container's output or CI, one plain line every {@link #LINE_INTERVAL}
 * when something moved. Rates are over the last {@link #RATE_WINDOW}, so a service that runs for days shows its
 * current pace, not its lifetime average.
 */
public final class ProgressDisplay implements AutoCloseable {

  /** How often a plain (non-terminal) progress line may be printed. */
  static final Duration LINE_INTERVAL = Duration.ofSeconds(15);
  static final Duration REDRAW_INTERVAL = Duration.ofMillis(500);
  /** A plain line is repeated after this long even when nothing moved, so a long step does not look hung. */
  static final Duration HEARTBEAT = Duration.ofSeconds(60);
  /** Rates and ETAs are measured over this much of the recent past (or since the phase was first seen). */
  static final Duration RATE_WINDOW = Duration.ofSeconds(60);
  private static final long SAMPLE_EVERY_NANOS = 1_000_000_000L;

  /**
   * One phase of the run.
   *
   * @param done units done so far
   * @param total units in all, or -1 when not known (yet)
   * @param state "" while running, else a word the display shows instead of rate and ETA ("done", "waiting", ...)
   */
  public record Phase(String name, long done, long total, String unit, String state) {
    boolean running() {
      return state.isEmpty();
    }
  }

  private final PrintStream out;
  private final boolean terminal;
  private final Supplier<List<Phase>> sample;
  private final long started = System.nanoTime();
  /** Per phase, (time, done) samples at least a second apart within the rate window: at most about 60 each. */
  private final Map<String, ArrayDeque<long[]>> samples = new HashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private int drawnLines;
  private String lastLine = "";
  private long lastLineAt;

  public ProgressDisplay(PrintStream out, boolean terminal, Supplier<List<Phase>> sample) {
    this.out = out;
    this.terminal = terminal;
    this.sample = sample;
    this.thread = new Thread(this::loop, "seqmia-progress");
    thread.setDaemon(true);
  }

  /** Starts the display on {@code out}; a terminal when the JVM has a console and TERM is not "dumb". */
  public static ProgressDisplay start(PrintStream out, Supplier<List<Phase>> sample) {
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    ProgressDisplay p = new ProgressDisplay(out, terminal, sample);
    p.thread.start();
    return p;
  }

  private void loop() {
    while (!closed) {
      try {
        render(false);
        Thread.sleep(REDRAW_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // a stage still starting can fail a sample; the next one will do
      }
    }
  }

  public synchronized void render(boolean last) {
    List<Phase> phases = sample.get();
    long now = System.nanoTime();
    if (terminal) {
      StringBuilder block = new StringBuilder();
      if (drawnLines > 0) {
        block.append("\u001b[").append(drawnLines).append('F'); // back to the block's first line
      }
      for (Phase p : phases) {
        block.append("\u001b[2K").append(String.format(Locale.ROOT, "  %-10s %s%n", p.name(), describe(p, now)));
      }
      out.print(block);
      out.flush();
      drawnLines = phases.size();
      return;
    }
    // a plain line names the running phases in full and the finished ones by name; waiting ones are left out
    List<String> parts = new ArrayList<>();
    List<String> done = new ArrayList<>();
    for (Phase p : phases) {
      if (p.running()) {
        parts.add(p.name() + " " + describe(p, now));
      } else if (p.state().equals("done")) {
        done.add(p.name());
      }
    }
    if (!done.isEmpty()) {
      parts.add("done: " + String.join(", ", done));
    }
    String line = parts.isEmpty() ? "starting" : String.join(" | ", parts);
    boolean due = now - lastLineAt >= LINE_INTERVAL.toNanos();
    boolean quietTooLong = now - lastLineAt >= HEARTBEAT.toNanos();
    if ((due || last) && (!line.equals(lastLine) || quietTooLong)) {
      out.printf("[%s] %s%n", clock((now - started) / 1e9), line);
      out.flush();
      lastLine = line;
      lastLineAt = now;
    }
  }

  /** "11,388 / 12,000 sessions, 5,400/s, ETA 0:00:01" or "45,410 clicks, done". */
  String describe(Phase p, long now) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%,d", p.done()));
    if (p.total() >= 0) {
      s.append(String.format(Locale.ROOT, " / %,d", p.total()));
    }
    s.append(' ').append(p.unit());
    if (!p.running()) {
      return s.append(", ").append(p.state()).toString();
    }
    ArrayDeque<long[]> recent = samples.computeIfAbsent(p.name(), k -> new ArrayDeque<>());
    if (recent.isEmpty() || now - recent.peekLast()[0] >= SAMPLE_EVERY_NANOS) {
      recent.addLast(new long[] {now, p.done()});
    }
    while (recent.size() > 2 && now - recent.peekFirst()[0] > RATE_WINDOW.toNanos()) {
      recent.pollFirst();
    }
    long[] first = recent.peekFirst();
    double seconds = (now - first[0]) / 1e9;
    if (seconds >= 2 && p.done() > first[1]) {
      double rate = (p.done() - first[1]) / seconds;
      // slow phases (epochs of a large model) read better per minute
      s.append(rate < 0.1 ? String.format(Locale.ROOT, ", %.1f/min", rate * 60)
          : String.format(Locale.ROOT, rate < 10 ? ", %.1f/s" : ", %,.0f/s", rate));
      if (p.total() > p.done()) {
        s.append(", ETA ").append(clock((p.total() - p.done()) / rate));
      }
    }
    return s.toString();
  }

  static String clock(double seconds) {
    long t = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  }

  /** Stops the display after drawing the final state once more. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      render(true);
    } catch (RuntimeException ignored) {
      // the stages are already closing
    }
  }
}
