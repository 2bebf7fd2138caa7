package io.seqmia.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A single-pass, streaming source of clicks (constant memory). It is its own iterator, so it can be
 * used once in a for-each loop; close it to release the underlying file.
 *
 * <p>Counting contract: {@link #linesRead()} counts the non-empty input lines consumed so far, and every
 * one of them was either returned by {@link #next()} or reported to the reject listeners, so after the
 * source is drained {@code linesRead() == returned + rejected()}.
 */
public interface ClickReader extends Iterator<ClickEvent>, Iterable<ClickEvent>, AutoCloseable {

  /** Non-empty lines (or generated events) consumed so far. */
  long linesRead();

  /** Lines rejected so far. */
  long rejected();

  /** A name for the source, e.g. the file name, used in logs and dead letters. */
  String sourceName();

  /** Adds a listener told about each rejected line from now on. */
  void addRejectListener(RejectListener listener);

  @Override
  void close();

  /** Returns this reader itself: it can be iterated only once. */
  @Override
  default Iterator<ClickEvent> iterator() {
    return this;
  }

  default Stream<ClickEvent> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false);
  }

  /** Wraps clicks that need no parsing (e.g. generated ones): nothing is ever rejected. */
  static ClickReader of(Iterator<ClickEvent> events, String sourceName) {
    return new ClickReader() {
      private long read;

      @Override
      public boolean hasNext() {
        return events.hasNext();
      }

      @Override
      public ClickEvent next() {
        if (!events.hasNext()) {
          throw new NoSuchElementException();
        }
        ClickEvent event = events.next();
        read++;
        return event;
      }

      @Override
      public long linesRead() {
        return read;
      }

      @Override
      public long rejected() {
        return 0;
      }

      @Override
      public String sourceName() {
        return sourceName;
      }

      @Override
      public void addRejectListener(RejectListener listener) {}

      @Override
      public void close() {}
    };
  }
}
