package io.seqmia.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads the raw RecSys Challenge 2015 {@code yoochoose-clicks.dat} format: no header, one click per line,
 * {@code SessionID,Timestamp,ItemID,Category}, e.g. {@code 1,2014-04-07T10:51:09.277Z,214536502,0}.
 * Plain text or gzip (detected by the {@code .gz} extension or the gzip magic bytes).
 *
 * <p>Category is {@code 0} (missing, returned as null), {@code S} (special offer), {@code 1}-{@code 12}
 * or an 8-10 digit brand id; it is kept as a string. A malformed line never stops the reader: it is
 * reported to the reject listeners and counted. Empty lines are skipped and not counted.
 */
public final class YooChooseClickReader implements ClickReader {

  static final int FIELDS = 4;
  static final String MISSING_CATEGORY = "0";
  private static final int BUFFER_BYTES = 1 << 16;
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
  private static final Pattern CATEGORY = Pattern.compile("S|[0-9]{1,10}");

  private final BufferedReader in;
  private final String sourceName;
  private final List<RejectListener> listeners = new ArrayList<>();
  private long lineNumber;
  private long linesRead;
  private long rejected;
  private ClickEvent pending;
  private boolean eof;

  /** Reads from a stream (plain or gzip); the reader owns and closes it. */
  public YooChooseClickReader(InputStream input, String sourceName) throws IOException {
    this.sourceName = sourceName;
    this.in = new BufferedReader(
        new InputStreamReader(maybeGunzip(input, sourceName), StandardCharsets.UTF_8), BUFFER_BYTES);
  }

  /** Opens a file; fails with a clear message when it does not exist. */
  public static YooChooseClickReader open(Path file) {
    return open(file, RejectListener.NONE);
  }

  public static YooChooseClickReader open(Path file, RejectListener listener) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Click file not found or not a regular file: " + file.toAbsolutePath());
    }
    try {
      YooChooseClickReader reader = new YooChooseClickReader(Files.newInputStream(file), file.toString());
      reader.addRejectListener(listener);
      return reader;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Click file not found: " + file.toAbsolutePath(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open click file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  private static InputStream maybeGunzip(InputStream raw, String name) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER_BYTES);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    boolean gzipMagic = b0 == 0x1f && b1 == 0x8b;
    if (gzipMagic || (name != null && name.endsWith(".gz"))) {
      return new GZIPInputStream(buffered, BUFFER_BYTES);
    }
    return buffered;
  }

  @Override
  public void addRejectListener(RejectListener listener) {
    if (listener != null && listener != RejectListener.NONE) {
      listeners.add(listener);
    }
  }

  @Override
  public boolean hasNext() {
    while (pending == null && !eof) {
      String line = readLine();
      if (line == null) {
        eof = true;
        break;
      }
      lineNumber++;
      if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1); // a byte-order mark is not part of the session id
      }
      if (line.isBlank()) {
        continue;
      }
      linesRead++;
      pending = parse(line);
    }
    return pending != null;
  }

  @Override
  public ClickEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more clicks in " + sourceName);
    }
    ClickEvent event = pending;
    pending = null;
    return event;
  }

  private String readLine() {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read " + sourceName + " after line " + lineNumber + ": " + e.getMessage(), e);
    }
  }

  /** The event of a line, or null after reporting why the line is unusable. */
  private ClickEvent parse(String line) {
    String[] f = line.strip().split(",", -1);
    if (f.length != FIELDS) {
      return reject(line, "expected " + FIELDS + " comma-separated fields, got " + f.length);
    }
    String session = f[0].strip();
    String time = f[1].strip();
    String item = f[2].strip();
    String category = f[3].strip();
    if (!DIGITS.matcher(session).matches()) {
      return reject(line, "bad session id '" + session + "'");
    }
    long millis;
    try {
      millis = Instant.parse(time).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      return reject(line, "bad timestamp '" + time + "'");
    }
    if (!DIGITS.matcher(item).matches()) {
      return reject(line, "bad item id '" + item + "'");
    }
    if (!CATEGORY.matcher(category).matches()) {
      return reject(line, "bad category '" + category + "'");
    }
    return new ClickEvent(session, null, item, category.equals(MISSING_CATEGORY) ? null : category, millis,
        lineNumber);
  }

  private ClickEvent reject(String line, String reason) {
    rejected++;
    String raw = RejectListener.truncate(line);
    String shortReason = RejectListener.truncate(reason);
    for (RejectListener listener : listeners) {
      listener.rejected(lineNumber, raw, shortReason);
    }
    return null;
  }

  @Override
  public long linesRead() {
    return linesRead;
  }

  @Override
  public long rejected() {
    return rejected;
  }

  @Override
  public String sourceName() {
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
}
