package io.seqmia.replay;

/**
 * What a replay did. For a completed replay {@code linesRead == produced + rejected + skipped}
 * (non-empty lines).
 *
 * @param linesRead non-empty input lines consumed
 * @param produced clicks written to {@code clicks}
 * @param rejected lines written to {@code clicks-dlq}
 * @param skipped valid clicks outside {@code --from}/{@code --to}, or (time order) sorted past {@code --limit};
 *     neither produced nor dead-lettered
 * @param seconds wall time of the replay
 * @param runId the run id carried by the flush markers and the END_OF_REPLAY event
 */
public record ReplayResult(long linesRead, long produced, long rejected, long skipped, double seconds, String runId) {

  /** A result without skipped lines (the shape before --from/--to existed). */
  public ReplayResult(long linesRead, long produced, long rejected, double seconds, String runId) {
    this(linesRead, produced, rejected, 0, seconds, runId);
  }

  public double recordsPerSecond() {
    return seconds <= 0 ? 0 : produced / seconds;
  }

  /** True when every line read was produced, rejected or skipped. */
  public boolean accountedFor() {
    return linesRead == produced + rejected + skipped;
  }

  /** The end-of-run summary line. */
  public String summary() {
    return String.format("%,d lines read, %,d records produced, %,d lines rejected, %,d skipped, %.1f s, %,.0f records/s",
        linesRead, produced, rejected, skipped, seconds, recordsPerSecond());
  }
}
