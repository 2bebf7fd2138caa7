package io.seqmia.cli.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * What one demo run uses. {@code data == null} means the built-in generated data set.
 *
 * @param data a click file (YooChoose raw format), or null for generated data
 * @param sessions sessions to generate when {@code data} is null
 * @param seed seeds the generator, the splits and both models
 * @param reportDir where report.json and report.md go
 * @param partitions partitions of the data topics
 * @param timeout how long the run may go without progress (sessions, epochs, vectors scored, verdicts) before the
 *     attack report, before it gives up: a larger data set takes longer, not more time without progress
 * @param overrides extra configuration keys for the stages (e.g. {@code trainer.epochs})
 */
public record DemoOptions(
    Path data, int sessions, long seed, Path reportDir, int partitions, Duration timeout, Properties overrides) {

  public static final int DEFAULT_SESSIONS = 12_000;
  public static final long DEFAULT_SEED = 42L;
  public static final Path DEFAULT_REPORT_DIR = Path.of("target", "seqmia-report");
  public static final int DEFAULT_PARTITIONS = 2;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  public DemoOptions {
    if (data == null && sessions < 100) {
      throw new IllegalArgumentException("--sessions " + sessions + ": need at least 100 sessions");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions " + partitions + ": must be at least 1");
    }
    if (data != null && !java.nio.file.Files.isRegularFile(data)) {
      throw new IllegalArgumentException("--data " + data + ": no such file");
    }
    overrides = overrides == null ? new Properties() : overrides;
  }

  public static DemoOptions defaults() {
    return new DemoOptions(null, DEFAULT_SESSIONS, DEFAULT_SEED, DEFAULT_REPORT_DIR, DEFAULT_PARTITIONS,
        DEFAULT_TIMEOUT, new Properties());
  }
}
