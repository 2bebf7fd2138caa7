package io.seqmia.data;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads MovieLens ratings as clicks: {@code ratings.csv} ({@code userId,movieId,rating,timestamp} with a
 * header) or {@code ratings.dat} ({@code UserID::MovieID::Rating::Timestamp}, no header), timestamps in
 * unix seconds. Every rating is one interaction with the movie; the rating value is checked but not kept.
 *
 * <p>MovieLens has no sessions, so each user's history is cut into sessions by inactivity: a rating more
 * than {@code sessionGap} after the user's previous one starts a new session. Session ids are
 * {@code userId + "-" + n} with n = 1, 2, ... in time order, and {@code userId} is set. A user's lines are
 * contiguous in these files but not time-ordered, so the reader buffers one user at a time (memory: the
 * largest user history) and sorts it; clicks come out grouped by user, in time order within a user. Should a
 * user come back later in the file, the numbering continues (one counter per user seen).
 */
public final class MovieLensReader extends LineClickReader {

  /** The seed paper divides each user's history into sessions by time; 30 minutes is the usual web-session gap. */
  public static final Duration DEFAULT_SESSION_GAP = Duration.ofMinutes(30);
  static final int FIELDS = 4;
  static final String CSV_HEADER = "userid,movieid,rating,timestamp";
  private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
  private static final Pattern SECONDS = Pattern.compile("-?[0-9]{1,15}");
  private static final long MILLIS_PER_SECOND = 1000;

  /** The two MovieLens file layouts. */
  public enum Layout {
    /** {@code ratings.csv} of MovieLens 20M/25M/32M/latest: comma-separated, with a header. */
    CSV(","),
    /** {@code ratings.dat} of MovieLens 1M/10M: {@code ::}-separated, no header. */
    DAT("::");

    final String separator;

    Layout(String separator) {
      this.separator = separator;
    }
  }

  private record Rating(long millis, String item, long line) {}

  private static final Comparator<Rating> BY_TIME = Comparator.comparingLong(Rating::millis);

  private final Layout layout;
  private final long gapMillis;
  private final Map<String, Integer> sessionsPerUser = new HashMap<>();
  private final List<Rating> userRatings = new ArrayList<>();
  private String user;

  /**
   * @param sessionGap inactivity that ends a session; must be positive
   */
  public MovieLensReader(InputStream input, String sourceName, Layout layout, Duration sessionGap)
      throws IOException {
    super(input, sourceName);
    this.layout = Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(sessionGap, "sessionGap");
    if (sessionGap.isNegative() || sessionGap.isZero()) {
      input.close();
      throw new IllegalArgumentException("MovieLens session gap must be positive, got " + sessionGap);
    }
    this.gapMillis = sessionGap.toMillis();
  }

  public MovieLensReader(InputStream input, String sourceName, Layout layout) throws IOException {
    this(input, sourceName, layout, DEFAULT_SESSION_GAP);
  }

  /** Whether a line is the {@code ratings.csv} header. */
  static boolean isCsvHeader(String line) {
    return line.strip().replace(" ", "").equalsIgnoreCase(CSV_HEADER);
  }

  @Override
  protected boolean header(String firstLine) {
    return layout == Layout.CSV && isCsvHeader(firstLine);
  }

  @Override
  protected void parse(String line) {
    String[] f = line.strip().split(Pattern.quote(layout.separator), -1);
    if (f.length != FIELDS) {
      reject(line, "expected " + FIELDS + " '" + layout.separator + "'-separated fields, got " + f.length);
      return;
    }
    String userId = f[0].strip();
    String movie = f[1].strip();
    String rating = f[2].strip();
    String seconds = f[3].strip();
    if (!ID.matcher(userId).matches()) {
      reject(line, "bad user id '" + userId + "'");
      return;
    }
    if (!ID.matcher(movie).matches()) {
      reject(line, "bad movie id '" + movie + "'");
      return;
    }
    if (!isRating(rating)) {
      reject(line, "bad rating '" + rating + "'");
      return;
    }
    if (!SECONDS.matcher(seconds).matches()) {
      reject(line, "bad timestamp '" + seconds + "' (expected unix seconds)");
      return;
    }
    if (!userId.equals(user)) {
      flushUser();
      user = userId;
    }
    userRatings.add(new Rating(Long.parseLong(seconds) * MILLIS_PER_SECOND, movie, lineNumber()));
  }

  private static boolean isRating(String text) {
    try {
      double r = Double.parseDouble(text);
      return Double.isFinite(r) && r >= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @Override
  protected void endOfInput() {
    flushUser();
  }

  /** Sorts the buffered user's ratings by time (ties keep file order) and cuts them into sessions. */
  private void flushUser() {
    if (userRatings.isEmpty()) {
      return;
    }
    userRatings.sort(BY_TIME);
    int session = sessionsPerUser.getOrDefault(user, 0) + 1;
    long previous = userRatings.get(0).millis();
    for (Rating r : userRatings) {
      if (r.millis() - previous > gapMillis) {
        session++;
      }
      previous = r.millis();
      emit(new ClickEvent(user + "-" + session, user, r.item(), null, r.millis(), r.line()));
    }
    sessionsPerUser.put(user, session);
    userRatings.clear();
  }
}
