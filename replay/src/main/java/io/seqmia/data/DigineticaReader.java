package io.seqmia.data;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads Diginetica (CIKM Cup 2016) item views, {@code train-item-views.csv}:
 * {@code session_id;user_id;item_id;timeframe;eventdate} with that header, e.g.
 * {@code 1;NA;81766;526309;2016-05-09}. {@code eventdate} is a {@code yyyy-MM-dd} day and
 * {@code timeframe} milliseconds, so the event time is the day at UTC midnight plus the timeframe.
 * {@code user_id} is {@code NA} or empty for anonymous sessions (returned as null). No category.
 */
public final class DigineticaReader extends LineClickReader {

  static final String SEPARATOR = ";";
  static final int FIELDS = 5;
  static final String HEADER_PREFIX = "session_id;user_id;item_id";
  static final String MISSING_USER = "NA";
  private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
  private static final Pattern MILLIS = Pattern.compile("[0-9]{1,15}");

  /** The last date parsed: consecutive lines mostly share a day, and parsing it is the costly part. */
  private String lastDate;
  private long lastDateMillis;

  /** Reads from a stream (plain or gzip); the reader owns and closes it. */
  public DigineticaReader(InputStream input, String sourceName) throws IOException {
    super(input, sourceName);
  }

  /** Whether a line is the item-views header. */
  static boolean isHeader(String line) {
    return line.strip().toLowerCase(Locale.ROOT).startsWith(HEADER_PREFIX);
  }

  @Override
  protected boolean header(String firstLine) {
    return isHeader(firstLine);
  }

  @Override
  protected void parse(String line) {
    String[] f = line.strip().split(SEPARATOR, -1);
    if (f.length != FIELDS) {
      reject(line, "expected " + FIELDS + " ';'-separated fields, got " + f.length);
      return;
    }
    String session = f[0].strip();
    String user = f[1].strip();
    String item = f[2].strip();
    String timeframe = f[3].strip();
    String date = f[4].strip();
    if (!ID.matcher(session).matches()) {
      reject(line, "bad session id '" + session + "'");
      return;
    }
    if (!ID.matcher(item).matches()) {
      reject(line, "bad item id '" + item + "'");
      return;
    }
    if (!MILLIS.matcher(timeframe).matches()) {
      reject(line, "bad timeframe '" + timeframe + "' (expected milliseconds)");
      return;
    }
    long dayMillis;
    try {
      dayMillis = dayStartMillis(date);
    } catch (DateTimeParseException e) {
      reject(line, "bad eventdate '" + date + "' (expected yyyy-MM-dd)");
      return;
    }
    String userId = user.isEmpty() || user.equals(MISSING_USER) ? null : user;
    emit(new ClickEvent(session, userId, item, null, dayMillis + Long.parseLong(timeframe), lineNumber()));
  }

  private long dayStartMillis(String date) {
    if (!date.equals(lastDate)) {
      lastDateMillis = LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      lastDate = date;
    }
    return lastDateMillis;
  }
}
