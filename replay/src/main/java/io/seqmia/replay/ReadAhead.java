package io.seqmia.replay;

import io.seqmia.data.ClickEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads, filters, keys and encodes clicks on a thread of its own, ahead of the thread that sends them, in batches
 * of {@value #BATCH} through a queue of at most {@value #BATCHES} batches (so about a megabyte is ever held).
 * Parsing and Avro encoding took 45 % of a single-threaded replay (JFR); with them off the sending thread the
 * producer gets a core of its own. One reader thread and one FIFO queue: clicks are sent in the order read.
 *
 * <p>The reader stops after {@code limit} clicks, so it never reads a line the sender will not send (every line
 * read is still produced, rejected or skipped). What the source or {@code prepare} throws is rethrown by
 * {@link #next()} in the sending thread.
 */
final class ReadAhead implements AutoCloseable {

  /** A click ready to send. */
  record Prepared(String key, byte[] value, long timestamp) {}

  static final int BATCH = 2048;
  static final int BATCHES = 8;
  private static final List<Prepared> END = List.of();

  private final Iterator<ClickEvent> events;
  private final Long limit;
  private final Function<ClickEvent, Prepared> prepare;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BATCHES);
  private final Thread thread;
  private volatile boolean closed;
  private List<Prepared> batch = new ArrayList<>();
  private int at;
  private boolean ended;

  /** @param limit clicks to hand out at most; null for all */
  ReadAhead(Iterator<ClickEvent> events, Long limit, Function<ClickEvent, Prepared> prepare, String name) {
    this.events = events;
    this.limit = limit;
    this.prepare = prepare;
    this.thread = new Thread(this::read, name + "-read-ahead");
    thread.setDaemon(true);
    thread.start();
  }

  private void read() {
    try {
      long handed = 0;
      List<Prepared> next = new ArrayList<>(BATCH);
      while (!closed && (limit == null || handed < limit) && events.hasNext()) {
        next.add(prepare.apply(events.next()));
        handed++;
        if (next.size() == BATCH) {
          put(next);
          next = new ArrayList<>(BATCH);
        }
      }
      if (!next.isEmpty()) {
        put(next);
      }
      put(END);
    } catch (InterruptedException e) {
      // closed by the sender: nothing more is wanted
    } catch (RuntimeException | Error e) {
      try {
        put(e);
      } catch (InterruptedException ignored) {
        // closed meanwhile
      }
    }
  }

  private void put(Object item) throws InterruptedException {
    while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
      if (closed) {
        throw new InterruptedException("closed");
      }
    }
  }

  /**
   * The next click in read order, or null after the last one.
   *
   * @throws InterruptedException when the sending thread is interrupted while waiting
   */
  Prepared next() throws InterruptedException {
    while (at == batch.size()) {
      if (ended) {
        return null;
      }
      Object item = queue.take();
      if (item instanceof RuntimeException e) {
        ended = true;
        throw e;
      }
      if (item instanceof Error e) {
        ended = true;
        throw e;
      }
      @SuppressWarnings("unchecked")
      List<Prepared> taken = (List<Prepared>) item;
      ended = taken == END;
      batch = taken;
      at = 0;
    }
    return batch.get(at++);
  }

  /**
   * Stops the reader (it prepares at most one more batch) and waits for its thread to end. No interrupt: an
   * interrupted read would close the file's channel under the reader.
   */
  @Override
  public void close() {
    closed = true;
    queue.clear();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
