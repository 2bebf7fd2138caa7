package io.seqmia.kernel;

import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;

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

  /** Declares {@code <stage>.chunk.records} and {@code <stage>.chunk.ms} on a stage's keys. */
  public static StageConfigDef defineOn(StageConfigDef def) {
    return def
        .define(def.stage() + RECORDS_SUFFIX, ConfigDef.Type.INT, DEFAULT_RECORDS, ConfigDef.Range.atLeast(1),
            "The most records in one Kafka transaction of a bulk run.")
        .define(def.stage() + TIME_SUFFIX, ConfigDef.Type.LONG, DEFAULT_TIME.toMillis(),
            ConfigDef.Range.between(1, MAX_TIME.toMillis()), "A transaction is committed at the next batch boundary"
                + " once it is this old (ms); at most a fifth of the " + KafkaDefaults.TRANSACTION_TIMEOUT.toMinutes()
                + "-minute transaction timeout.");
  }

  /** The limits parsed from a stage's keys (declared by {@link #defineOn}). */
  public static ChunkLimits from(StageConfigDef.Values values, String stage) {
    return new ChunkLimits(values.integer(stage + RECORDS_SUFFIX), values.millis(stage + TIME_SUFFIX));
  }
}
