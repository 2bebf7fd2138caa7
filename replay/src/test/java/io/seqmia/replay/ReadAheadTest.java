package io.seqmia.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.data.ClickEvent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The replay's reader thread: order, the --limit bound, errors and an early close. */
class ReadAheadTest {

  /** Clicks 1..n, counting how many were read from the source. */
  private static Iterator<ClickEvent> clicks(long n, AtomicLong read) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return read.get() < n;
      }

      @Override
      public ClickEvent next() {
        long i = read.incrementAndGet();
        return new ClickEvent("s" + (i % 7), null, "item-" + i, null, i * 1000, i);
      }
    };
  }

  private static ReadAhead.Prepared prepare(ClickEvent e) {
    return new ReadAhead.Prepared(e.sessionId(), e.itemId().getBytes(StandardCharsets.UTF_8), e.eventTimeMillis());
  }

  @Test
  void handsOutEveryClickInReadOrderAcrossBatches() throws Exception {
    long n = 3L * ReadAhead.BATCH + 17;
    AtomicLong read = new AtomicLong();
    try (ReadAhead ahead = new ReadAhead(clicks(n, read), null, ReadAheadTest::prepare, "test")) {
      for (long i = 1; i <= n; i++) {
        ReadAhead.Prepared p = ahead.next();
        assertEquals(i * 1000, p.timestamp());
        assertEquals("item-" + i, new String(p.value(), StandardCharsets.UTF_8));
      }
      assertNull(ahead.next());
      assertNull(ahead.next(), "the end stays the end");
    }
  }

  @Test
  void readsNoClickPastTheLimit() throws Exception {
    AtomicLong read = new AtomicLong();
    try (ReadAhead ahead = new ReadAhead(clicks(100_000, read), 5_000L, ReadAheadTest::prepare, "test")) {
      int got = 0;
      while (ahead.next() != null) {
        got++;
      }
      assertEquals(5_000, got);
    }
    assertEquals(5_000, read.get(), "a line read past --limit would be neither produced, rejected nor skipped");
  }

  @Test
  void whatTheReaderThrowsReachesTheSenderAfterTheClicksBeforeIt() throws Exception {
    IllegalArgumentException bad = new IllegalArgumentException("--key user: line 3 has no user id");
    AtomicLong read = new AtomicLong();
    try (ReadAhead ahead = new ReadAhead(clicks(10, read), null, e -> {
      if (e.lineNumber() == 3) {
        throw bad;
      }
      return prepare(e);
    }, "test")) {
      // the batch of lines 1-2 was never full: the error comes first, nothing is sent out of order
      assertSame(bad, assertThrows(IllegalArgumentException.class, ahead::next));
    }
  }

  @Test
  void closingEarlyStopsTheReaderWithinABatchOrTwo() throws Exception {
    AtomicLong read = new AtomicLong();
    ReadAhead ahead = new ReadAhead(clicks(Long.MAX_VALUE, read), null, ReadAheadTest::prepare, "test");
    ahead.next();
    ahead.close();
    long after = read.get();
    assertTrue(after <= (ReadAhead.BATCHES + 2L) * ReadAhead.BATCH, "read " + after + " before stopping");
    Thread.sleep(200);
    assertEquals(after, read.get(), "the reader thread has ended");
  }
}
