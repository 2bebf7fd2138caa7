package io.seqmia.replay;

import java.util.Locale;

/**
 * How fast the replay produces: as fast as the broker takes it ({@link #max()}), the original gaps between
 * consecutive events' event times divided by a factor ({@link #speed}), or a fixed number of records per
 * second ({@link #rate}).
 *
 * @param kind which pacing
 * @param value the speed-up factor (SPEED) or records per second (RATE); 0 for MAX
 */
public record Pacing(Kind kind, double value) {

  public enum Kind { MAX, SPEED, RATE }

  /** The {@code --speed} value meaning "no pacing". */
  public static final String MAX_SPEED = "max";
  /**
   * Longest single wait of a speed-paced replay (wall time): a file in session order jumps days back and
   * forth between sessions, and a gap of hours in the data should not stall the replay.
   */
  public static final long MAX_SINGLE_WAIT_MILLIS = 10_000;

  public Pacing {
    if (kind == null) {
      throw new IllegalArgumentException("pacing kind must not be null");
    }
    if (kind != Kind.MAX && !(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + " must be a positive number, got " + value);
    }
  }

  public static Pacing max() {
    return new Pacing(Kind.MAX, 0);
  }

  /** Original gaps divided by {@code factor} (60 = one hour of data per minute). */
  public static Pacing speed(double factor) {
    return new Pacing(Kind.SPEED, factor);
  }

  /** {@code recordsPerSecond} records per second (token bucket). */
  public static Pacing rate(double recordsPerSecond) {
    return new Pacing(Kind.RATE, recordsPerSecond);
  }

  /** Parses a {@code --speed} value: {@code max} or a factor like {@code 60x} (the x is optional). */
  public static Pacing parseSpeed(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (s.equals(MAX_SPEED)) {
      return max();
    }
    String number = s.endsWith("x") ? s.substring(0, s.length() - 1) : s;
    try {
      double factor = Double.parseDouble(number);
      if (factor > 0 && Double.isFinite(factor)) {
        return speed(factor);
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("--speed " + text + ": expected 'max' or a positive factor like '60x'");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case MAX -> MAX_SPEED;
      case SPEED -> value + "x";
      case RATE -> value + " records/s";
    };
  }
}
