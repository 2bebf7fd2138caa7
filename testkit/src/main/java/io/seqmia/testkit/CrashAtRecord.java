package io.seqmia.testkit;

import io.seqmia.kernel.ChunkedTransactions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops a stage (as a crash would) when its {@code n}-th record goes into a transaction: the open
 * chunk is then aborted, and a test can show that the next instance finishes without loss or duplicates.
 */
public final class CrashAtRecord implements ChunkedTransactions.Listener {

  private final AtomicInteger sent = new AtomicInteger();
  private final int n;

  public CrashAtRecord(int n) {
    this.n = n;
  }

  @Override
  public void sent(String topic, int recordsInTransaction) {
    if (sent.incrementAndGet() == n) {
      throw new IllegalStateException("simulated crash at record " + n);
    }
  }
}
