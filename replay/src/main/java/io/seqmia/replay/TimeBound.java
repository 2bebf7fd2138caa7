package io.seqmia.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses {@code --from} / {@code --to}: an ISO date ({@code 2014-04-03}, UTC), a UTC date-time without
 * zone ({@code 2014-04-03T12:00}) or an instant ({@code 2014-04-03T12:00:00Z}). {@code --from} is
 * inclusive; {@code --to} is exclusive, except that a plain date includes that whole day.
 */
public final class TimeBound {

  private TimeBound() {}

  /** The first included instant. */
  public static Instant parseFrom(String text) {
    return parse("--from", text, false);
  }

  /** The first excluded instant (a date means the start of the next day). */
  public static Instant parseTo(String text) {
    return parse("--to", text, true);
  }

  private static Instant parse(String flag, String text, boolean endOfDay) {
    String s = text == null ? "" : text.trim();
    try {
      if (s.length() == 10) {
        LocalDate date = LocalDate.parse(s);
        return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (s.endsWith("Z") || s.endsWith("z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return java.time.OffsetDateTime.parse(s).toInstant();
      }
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(flag + " " + text
          + ": expected an ISO date (2014-04-03) or instant (2014-04-03T12:00:00Z)");
    }
  }
}
