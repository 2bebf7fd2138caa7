package io.seqmia.data;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the GRU4Rec / session-rec "prepared" format: tab-separated, header {@code SessionId ItemId Time},
 * {@code Time} in unix seconds with a fraction, e.g. {@code 1 214536502 1396860669.277}. The columns are
 * found by name in the header (any order, extra columns allowed; {@code Timestamp} and {@code UserId} are
 * understood too); a file without a header is read as {@code SessionId, ItemId, Time}. There is no
 * category. Plain text or gzip.
 */
public final class PreparedSessionReader extends LineClickReader {

  static final char SEPARATOR = '\t';
  static final String SESSION_COLUMN = "sessionid";
  static final String ITEM_COLUMN = "itemid";
  static final List<String> TIME_COLUMNS = List.of("time", "timestamp");
  static final String USER_COLUMN = "userid";
  private static final int MILLIS_DIGITS = 3;
  /** Fast path for plain {@code seconds[.fraction]}; anything longer goes through BigDecimal. */
  private static final int MAX_FAST_SECONDS_DIGITS = 15;

  private int columns = 3;
  private int sessionColumn = 0;
  private int itemColumn = 1;
  private int timeColumn = 2;
  private int userColumn = -1;

  /** Reads from a stream (plain or gzip); the reader owns and closes it. */
  public PreparedSessionReader(InputStream input, String sourceName) throws IOException {
    super(input, sourceName);
  }

  /** Whether a line is a prepared-format header: tab-separated and naming the session, item and time columns. */
  static boolean isHeader(String line) {
    if (line.indexOf(SEPARATOR) < 0) {
      return false;
    }
    List<String> names = Arrays.stream(line.strip().split("\t", -1))
        .map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
    return names.contains(SESSION_COLUMN) && names.contains(ITEM_COLUMN)
        && names.stream().anyMatch(TIME_COLUMNS::contains);
  }

  @Override
  protected boolean header(String firstLine) {
    if (!isHeader(firstLine)) {
      return false;
    }
    String[] names = firstLine.split("\t", -1);
    columns = names.length;
    userColumn = -1;
    for (int i = 0; i < names.length; i++) {
      String name = names[i].strip().toLowerCase(Locale.ROOT);
      if (name.equals(SESSION_COLUMN)) {
        sessionColumn = i;
      } else if (name.equals(ITEM_COLUMN)) {
        itemColumn = i;
      } else if (TIME_COLUMNS.contains(name)) {
        timeColumn = i;
      } else if (name.equals(USER_COLUMN)) {
        userColumn = i;
      }
    }
    return true;
  }

  @Override
  protected void parse(String line) {
    // Split the raw line: stripping it first would eat an empty first or last field.
    String[] f = line.split("\t", -1);
    if (f.length != columns) {
      reject(line, "expected " + columns + " tab-separated fields, got " + f.length);
      return;
    }
    String session = f[sessionColumn].strip();
    String item = f[itemColumn].strip();
    String time = f[timeColumn].strip();
    if (session.isEmpty()) {
      reject(line, "empty session id");
      return;
    }
    if (item.isEmpty()) {
      reject(line, "empty item id");
      return;
    }
    long millis;
    try {
      millis = secondsToMillis(time);
    } catch (NumberFormatException | ArithmeticException e) {
      reject(line, "bad time '" + time + "' (expected unix seconds, e.g. 1396860669.277)");
      return;
    }
    String user = userColumn < 0 ? null : f[userColumn].strip();
    emit(new ClickEvent(session, user == null || user.isEmpty() ? null : user, item, null, millis, lineNumber()));
  }

  /** Unix seconds with an optional fraction to epoch milliseconds, rounded half up. */
  static long secondsToMillis(String text) {
    int dot = text.indexOf('.');
    String whole = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : text.substring(dot + 1);
    if (digits(whole, MAX_FAST_SECONDS_DIGITS) && (fraction.isEmpty() || digits(fraction, Integer.MAX_VALUE))) {
      long millis = 0;
      for (int i = 0; i < MILLIS_DIGITS; i++) {
        millis = millis * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
      }
      millis += Long.parseLong(whole) * 1000;
      if (fraction.length() > MILLIS_DIGITS && fraction.charAt(MILLIS_DIGITS) >= '5') {
        millis++;
      }
      return millis;
    }
    // Exponent notation or a sign: exact decimal arithmetic.
    return new BigDecimal(text).movePointRight(MILLIS_DIGITS).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }
}
