package io.seqmia.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;

/**
 * Reads the raw RecSys Challenge 2015 {@code yoochoose-clicks.dat} format: no header, one click per line,
 * {@code SessionID,Timestamp,ItemID,Category}, e.g. {@code 1,2014-04-07T10:51:09.277Z,214536502,0}.
 * Plain text or gzip (detected by the {@code .gz} extension or the gzip magic bytes).
 *
 * <p>Category is {@code 0} (missing, returned as null), {@code S} (special offer), {@code 1}-{@code 12}
 * or an 8-10 digit brand id; it is kept as a string. A malformed line never stops the reader: it is
 * reported to the reject listeners and counted. Empty lines are skipped and not counted.
 */
public final class YooChooseClickReader extends LineClickReader {

  static final int FIELDS = 4;
  static final String MISSING_CATEGORY = "0";
  /** Session and item ids: 1 to 19 digits (they fit a long). */
  static final int MAX_ID_DIGITS = 19;
  static final int MAX_CATEGORY_DIGITS = 10;

  /** Reads from a stream (plain or gzip); the reader owns and closes it. */
  public YooChooseClickReader(InputStream input, String sourceName) throws IOException {
    super(input, sourceName);
  }

  /** Opens a file; fails with a clear message when it does not exist. */
  public static YooChooseClickReader open(Path file) {
    return open(file, RejectListener.NONE);
  }

  public static YooChooseClickReader open(Path file, RejectListener listener) {
    InputStream raw = TextInput.openFile(file);
    try {
      YooChooseClickReader reader = new YooChooseClickReader(raw, file.toString());
      reader.addRejectListener(listener);
      return reader;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open click file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected void parse(String line) {
    // The three commas found by hand: split(",") allocated a list and an array per line on the replay's
    // busiest thread (JFR); same fields, same count in the message.
    String t = line.strip();
    int c1 = t.indexOf(',');
    int c2 = c1 < 0 ? -1 : t.indexOf(',', c1 + 1);
    int c3 = c2 < 0 ? -1 : t.indexOf(',', c2 + 1);
    if (c3 < 0 || t.indexOf(',', c3 + 1) >= 0) {
      reject(line, "expected " + FIELDS + " comma-separated fields, got " + fieldCount(t));
      return;
    }
    String session = t.substring(0, c1).strip();
    String time = t.substring(c1 + 1, c2).strip();
    String item = t.substring(c2 + 1, c3).strip();
    String category = t.substring(c3 + 1).strip();
    if (!digits(session, MAX_ID_DIGITS)) {
      reject(line, "bad session id '" + session + "'");
      return;
    }
    long millis;
    try {
      millis = IsoInstants.parseMillis(time);
    } catch (DateTimeParseException | ArithmeticException e) {
      reject(line, "bad timestamp '" + time + "'");
      return;
    }
    if (!digits(item, MAX_ID_DIGITS)) {
      reject(line, "bad item id '" + item + "'");
      return;
    }
    if (!category.equals("S") && !digits(category, MAX_CATEGORY_DIGITS)) {
      reject(line, "bad category '" + category + "'");
      return;
    }
    emit(new ClickEvent(session, null, item, category.equals(MISSING_CATEGORY) ? null : category, millis,
        lineNumber()));
  }

  /** Comma-separated fields in {@code s}, empty ones included (as {@code split(",", -1)} counts them). */
  private static int fieldCount(String s) {
    int n = 1;
    for (int i = s.indexOf(','); i >= 0; i = s.indexOf(',', i + 1)) {
      n++;
    }
    return n;
  }
}
