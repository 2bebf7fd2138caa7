package io.seqmia.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The click-log formats seqmia reads, each with the name the command line uses for it. */
public enum ClickFormat {
  YOOCHOOSE("yoochoose", "SessionID,Timestamp,ItemID,Category without header (yoochoose-clicks.dat)"),
  PREPARED("prepared", "tab-separated with header SessionId<TAB>ItemId<TAB>Time, unix seconds (GRU4Rec/session-rec)"),
  MOVIELENS_CSV("movielens-csv", "userId,movieId,rating,timestamp with header (MovieLens ratings.csv)"),
  MOVIELENS_DAT("movielens-dat", "UserID::MovieID::Rating::Timestamp (MovieLens ratings.dat)"),
  DIGINETICA("diginetica", "session_id;user_id;item_id;timeframe;eventdate with header (Diginetica item views)");

  /** Lines {@link #detect} looks at: the first data line decides, but a stray bad line should not. */
  static final int DETECT_LINES = 5;
  /** How much of the first line an error message quotes. */
  static final int QUOTE_CHARS = 200;

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]*)?");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  private final String cliName;
  private final String description;

  ClickFormat(String cliName, String description) {
    this.cliName = cliName;
    this.description = description;
  }

  /** The name on the command line, e.g. {@code movielens-csv}. */
  public String cliName() {
    return cliName;
  }

  /** What a line of this format looks like, for help texts and error messages. */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return cliName;
  }

  /** The cli names, comma-separated, e.g. for a help text. */
  public static String names() {
    return Arrays.stream(values()).map(ClickFormat::cliName).collect(Collectors.joining(", "));
  }

  /**
   * The format with this cli name (or enum constant name), case-insensitive.
   *
   * @throws IllegalArgumentException naming the valid formats when there is none
   */
  public static ClickFormat fromName(String name) {
    if (name != null) {
      String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
      for (ClickFormat f : values()) {
        if (f.cliName.equals(wanted)) {
          return f;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown click format '" + name + "': valid formats are " + names());
  }

  /**
   * Tells the format from the file's first non-empty lines (gzip or plain).
   *
   * @throws IllegalArgumentException naming the file, quoting its first line and listing the supported
   *     formats when no format matches, or when the file has no non-empty line
   */
  public static ClickFormat detect(Path file) {
    String first = null;
    try (BufferedReader in = TextInput.reader(file)) {
      int seen = 0;
      String line;
      while (seen < DETECT_LINES && (line = in.readLine()) != null) {
        line = TextInput.stripBom(line).strip();
        if (line.isEmpty()) {
          continue;
        }
        if (first == null) {
          first = line;
        }
        seen++;
        ClickFormat format = classify(line);
        if (format != null) {
          return format;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    String what = first == null
        ? "it has no non-empty line"
        : "its first line '" + quote(first) + "' matches none of the supported formats";
    throw new IllegalArgumentException("Cannot detect the click format of " + file + ": " + what
        + ". Supported formats: " + supported() + ". Name the format explicitly if the file is one of them.");
  }

  /** The format a single line (header or data) belongs to, or null. */
  static ClickFormat classify(String line) {
    if (PreparedSessionReader.isHeader(line)) {
      return PREPARED;
    }
    if (DigineticaReader.isHeader(line)) {
      return DIGINETICA;
    }
    if (MovieLensReader.isCsvHeader(line)) {
      return MOVIELENS_CSV;
    }
    String[] tabs = line.split("\t", -1);
    if (tabs.length == 3 && DECIMAL.matcher(tabs[2].strip()).matches()) {
      return PREPARED;
    }
    String[] semis = line.split(";", -1);
    if (semis.length == DigineticaReader.FIELDS && DIGITS.matcher(semis[0].strip()).matches()
        && DATE.matcher(semis[4].strip()).matches()) {
      return DIGINETICA;
    }
    String[] colons = line.split("::", -1);
    if (colons.length == MovieLensReader.FIELDS && isRatingLine(colons)) {
      return MOVIELENS_DAT;
    }
    String[] commas = line.split(",", -1);
    if (commas.length == YooChooseClickReader.FIELDS) {
      if (DIGITS.matcher(commas[0].strip()).matches() && isInstant(commas[1].strip())) {
        return YOOCHOOSE;
      }
      if (isRatingLine(commas)) {
        return MOVIELENS_CSV;
      }
    }
    return null;
  }

  private static boolean isRatingLine(String[] f) {
    return DIGITS.matcher(f[0].strip()).matches() && DIGITS.matcher(f[1].strip()).matches()
        && DECIMAL.matcher(f[2].strip()).matches() && DIGITS.matcher(f[3].strip()).matches();
  }

  private static boolean isInstant(String text) {
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String quote(String line) {
    return line.length() <= QUOTE_CHARS ? line : line.substring(0, QUOTE_CHARS) + "...";
  }

  /** Every format with its description, for error messages. */
  static String supported() {
    return Arrays.stream(values()).map(f -> f.cliName + " (" + f.description + ")")
        .collect(Collectors.joining("; "));
  }

  /** A reader of this format over the stream, which it owns. */
  ClickReader newReader(InputStream input, String sourceName, Duration sessionGap) throws IOException {
    return switch (this) {
      case YOOCHOOSE -> new YooChooseClickReader(input, sourceName);
      case PREPARED -> new PreparedSessionReader(input, sourceName);
      case MOVIELENS_CSV -> new MovieLensReader(input, sourceName, MovieLensReader.Layout.CSV, sessionGap);
      case MOVIELENS_DAT -> new MovieLensReader(input, sourceName, MovieLensReader.Layout.DAT, sessionGap);
      case DIGINETICA -> new DigineticaReader(input, sourceName);
    };
  }
}
