package io.seqmia.replay;

/**
 * The replay could not be done for an outside reason: Kafka unreachable or refusing writes, a missing
 * topic, or the input could not be read. The message says what failed; {@code seqmia replay} exits 1 with it.
 * Rejected input lines are not failures.
 */
public class ReplayFailure extends IllegalStateException {

  public ReplayFailure(String message, Throwable cause) {
    super(message, cause);
  }

  public ReplayFailure(String message) {
    super(message);
  }
}
