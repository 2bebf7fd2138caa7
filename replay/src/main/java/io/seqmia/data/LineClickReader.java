package io.seqmia.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The common part of the text-format readers: reads lines (plain or gzip), skips blank lines and an
 * optional header, counts, and reports rejected lines to the listeners. A subclass turns each data line
 * into zero or more clicks with {@link #emit} or rejects it with {@link #reject}; a reader that has to
 * buffer (MovieLens) emits the rest in {@link #endOfInput}.
 *
 * <p>Counting contract of {@link ClickReader}: every non-blank line except a recognised header counts in
 * {@link #linesRead()} and is either emitted as exactly one click or rejected.
 */
public abstract class LineClickReader implements ClickReader {

  private final BufferedReader in;
  private final String sourceName;
  private final List<RejectListener> listeners = new ArrayList<>();
  private final ArrayDeque<ClickEvent> ready = new ArrayDeque<>();
  private long lineNumber;
  private long linesRead;
  private long rejected;
  private boolean sawFirstLine;
  private boolean eof;

  /** Reads from a stream (plain or gzip); the reader owns and closes it. */
  protected LineClickReader(InputStream input, String sourceName) throws IOException {
    this.sourceName = sourceName;
    this.in = TextInput.reader(input, sourceName);
  }

  /**
   * Whether the first non-blank line is a header (skipped and not counted); called once.
   * The default: the format has no header.
   */
  protected boolean header(String firstLine) {
    return false;
  }

  /** Parses one non-blank data line: calls {@link #emit} or {@link #reject}. */
  protected abstract void parse(String line);

  /** Called once at end of input, for readers that buffer clicks. */
  protected void endOfInput() {}

  /** The 1-based number of the line being parsed. */
  protected final long lineNumber() {
    return lineNumber;
  }

  protected final void emit(ClickEvent event) {
    ready.addLast(event);
  }

  /** Reports the current line as rejected and counts it. */
  protected final void reject(String line, String reason) {
    reject(lineNumber, line, reason);
  }

  /** Reports an earlier line (a buffering reader) as rejected and counts it. */
  protected final void reject(long line, String raw, String reason) {
    rejected++;
    String text = RejectListener.truncate(raw);
    String shortReason = RejectListener.truncate(reason);
    for (RejectListener listener : listeners) {
      listener.rejected(line, text, shortReason);
    }
  }

  @Override
  public final void addRejectListener(RejectListener listener) {
    if (listener != null && listener != RejectListener.NONE) {
      listeners.add(listener);
    }
  }

  @Override
  public final boolean hasNext() {
    while (ready.isEmpty() && !eof) {
      String line = readLine();
      if (line == null) {
        eof = true;
        endOfInput();
        break;
      }
      lineNumber++;
      if (lineNumber == 1) {
        line = TextInput.stripBom(line);
      }
      if (line.isBlank()) {
        continue;
      }
      if (!sawFirstLine) {
        sawFirstLine = true;
        if (header(line.strip())) {
          continue;
        }
      }
      linesRead++;
      parse(line);
    }
    return !ready.isEmpty();
  }

  @Override
  public final ClickEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more clicks in " + sourceName);
    }
    return ready.pollFirst();
  }

  private String readLine() {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read " + sourceName + " after line " + lineNumber + ": " + e.getMessage(), e);
    }
  }

  @Override
  public final long linesRead() {
    return linesRead;
  }

  @Override
  public final long rejected() {
    return rejected;
  }

  @Override
  public final String sourceName() {
    return sourceName;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + sourceName, e);
    }
  }

  /** 1 to {@code max} ASCII digits, checked by hand: a regex per field cost a tenth of the replay's time. */
  protected static boolean digits(String s, int max) {
    if (s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
