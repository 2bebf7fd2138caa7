package io.seqmia.replay;

/**
 * What a replay did. For a completed replay {@code linesRead == produced + rejected} (non-empty lines).
 *
 * @param linesRead non-empty input lines consumed
 * @param produced clicks written to {@code clicks}
 * @param rejected lines written to {@code clicks-dlq}
 * @param seconds wall time of the replay
 * @param runId the run id carried by the flush markers and the END_OF_REPLAY event
 */
public record ReplayResult(long linesRead, long produced, long rejected, double seconds, String runId) {

  public double recordsPerSecond() {
    return seconds <= 0 ? 0 : produced / seconds;
  }
}
