package io.seqmia.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Dead letters for records a stage cannot read: where the record came from, why, and a printable form of it. */
public final class DeadLetters {

  /** Longest printable form of a bad record kept in a dead letter. */
  public static final int MAX_RAW_TEXT = 1000;

  private DeadLetters() {}

  /**
   * @param source the stage that rejected it (trainer, attacker)
   * @param value the record's bytes (null: a tombstone)
   */
  public static DeadLetter of(String source, String topic, int partition, long offset, byte[] value, String reason) {
    return DeadLetter.newBuilder()
        .setSource(source)
        .setReason(reason == null || reason.isBlank() ? "unreadable record" : reason)
        .setRawText(printable(value))
        .setTopic(topic)
        .setPartition(partition)
        .setOffset(offset)
        .setRejectedAt(Instant.now())
        .build();
  }

  /** The bytes as text where they are printable, each other byte as \\xNN; truncated to {@link #MAX_RAW_TEXT}. */
  static String printable(byte[] value) {
    if (value == null) {
      return null;
    }
    String text = new String(value, 0, Math.min(value.length, MAX_RAW_TEXT), StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\x%02x", (int) c));
      }
    }
    if (value.length > MAX_RAW_TEXT) {
      out.append("... (").append(value.length).append(" bytes)");
    }
    return out.toString();
  }
}
