package io.seqmia.data;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/** Several click files read in sequence as one source; each is opened when the previous one is drained. */
final class ConcatClickReader implements ClickReader {

  /** One file and the format to read it with. */
  record Part(Path file, ClickFormat format) {}

  private final List<Part> parts;
  private final Duration sessionGap;
  private final List<RejectListener> listeners = new ArrayList<>();
  private final String allNames;
  private int nextPart;
  private ClickReader current;
  private long linesReadBefore;
  private long rejectedBefore;
  private boolean closed;

  ConcatClickReader(List<Part> parts, Duration sessionGap) {
    this.parts = List.copyOf(parts);
    this.sessionGap = sessionGap;
    this.allNames = parts.stream().map(p -> p.file().toString()).collect(Collectors.joining(" + "));
  }

  @Override
  public boolean hasNext() {
    while (!closed) {
      if (current != null) {
        if (current.hasNext()) {
          return true;
        }
        if (nextPart == parts.size()) {
          return false; // keep the last reader: its counts and name stay readable until close
        }
        finishCurrent();
      }
      Part part = parts.get(nextPart++);
      current = ClickReaders.open(part.file(), part.format(), RejectListener.NONE, sessionGap);
      listeners.forEach(current::addRejectListener);
    }
    return false;
  }

  private void finishCurrent() {
    linesReadBefore += current.linesRead();
    rejectedBefore += current.rejected();
    current.close();
    current = null;
  }

  @Override
  public ClickEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more clicks in " + allNames);
    }
    return current.next();
  }

  @Override
  public long linesRead() {
    return linesReadBefore + (current == null ? 0 : current.linesRead());
  }

  @Override
  public long rejected() {
    return rejectedBefore + (current == null ? 0 : current.rejected());
  }

  /** The file being read now (before the first read: all of them, joined by " + "). */
  @Override
  public String sourceName() {
    return current == null ? allNames : current.sourceName();
  }

  @Override
  public void addRejectListener(RejectListener listener) {
    if (listener != null && listener != RejectListener.NONE) {
      listeners.add(listener);
      if (current != null) {
        current.addRejectListener(listener);
      }
    }
  }

  @Override
  public void close() {
    if (current != null) {
      finishCurrent();
    }
    closed = true;
  }
}
