package io.seqmia.kernel;

import java.time.Duration;
import java.util.Properties;

/**
 * How much work one Kafka transaction may hold: at most {@code records} records, and it is committed at the
 * first safe point after {@code time} has passed since it began. Both bound a transaction whatever the size of
 * the run it is part of, so a bulk run over millions of records never comes near {@code transaction.timeout.ms}.
 *
 * @param records the most records (of any topic: data, control, report) in one transaction, at least 1
 * @param time commit at the first safe point once a transaction is this old; at least 1 ms and at most
 *     {@link #MAX_TIME} (a fifth of {@link KafkaDefaults#TRANSACTION_TIMEOUT}, room for the slowest batch)
 */
public record ChunkLimits(int records, Duration time) {

  public static final int DEFAULT_RECORDS = 5000;
  public static final Duration DEFAULT_TIME = Duration.ofSeconds(10);
  public static final Duration MAX_TIME = KafkaDefaults.TRANSACTION_TIMEOUT.dividedBy(5);
  /** Key suffixes: {@code <prefix>.chunk.records} and {@code <prefix>.chunk.ms}. */
  public static final String RECORDS_SUFFIX = ".chunk.records";
  public static final String TIME_SUFFIX = ".chunk.ms";

  public ChunkLimits {
    if (records < 1) {
      throw new IllegalArgumentException("chunk records must be at least 1, got " + records);
    }
    if (time == null || time.toMillis() < 1 || time.compareTo(MAX_TIME) > 0) {
      throw new IllegalArgumentException("chunk time must be between 1 ms and " + MAX_TIME.toMillis()
          + " ms (a fifth of the transaction timeout), got " + (time == null ? null : time.toMillis() + " ms"));
    }
  }

  public static ChunkLimits defaults() {
    return new ChunkLimits(DEFAULT_RECORDS, DEFAULT_TIME);
  }

  /**
   * Reads {@code <prefix>.chunk.records} and {@code <prefix>.chunk.ms} (defaults {@value #DEFAULT_RECORDS} and
   * 10000); a bad value stops with the key named.
   */
  public static ChunkLimits fromProperties(Properties p, String prefix) {
    String recordsKey = prefix + RECORDS_SUFFIX;
    String timeKey = prefix + TIME_SUFFIX;
    long records = whole(p, recordsKey, DEFAULT_RECORDS);
    long millis = whole(p, timeKey, DEFAULT_TIME.toMillis());
    if (records < 1 || records > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("'" + recordsKey + "' must be a whole number >= 1 (records per transaction),"
          + " got " + records);
    }
    if (millis < 1 || millis > MAX_TIME.toMillis()) {
      throw new IllegalArgumentException("'" + timeKey + "' must be between 1 and " + MAX_TIME.toMillis()
          + " ms (a fifth of the " + KafkaDefaults.TRANSACTION_TIMEOUT.toMinutes()
          + "-minute transaction timeout), got " + millis);
    }
    return new ChunkLimits((int) records, Duration.ofMillis(millis));
  }

  private static long whole(Properties p, String key, long fallback) {
    String raw = p.getProperty(key);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + key + "' must be a whole number, got '" + raw + "'");
    }
  }
}
