package io.seqmia.data;

import io.seqmia.schemas.Click;
import java.time.Instant;
import java.util.Objects;

/**
 * One click as read from a click log.
 *
 * @param sessionId the session the click belongs to (the Kafka key downstream)
 * @param userId the user, or null when the log has none (YooChoose has none)
 * @param itemId the clicked item
 * @param category the item's category, or null when missing (YooChoose "0")
 * @param eventTimeMillis event time, epoch milliseconds UTC
 * @param lineNumber the 1-based line of the source file (or position in a generated stream)
 */
public record ClickEvent(
    String sessionId, String userId, String itemId, String category, long eventTimeMillis, long lineNumber) {

  public ClickEvent {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(itemId, "itemId");
    if (sessionId.isEmpty() || itemId.isEmpty()) {
      throw new IllegalArgumentException("sessionId and itemId must not be empty");
    }
  }

  public Instant eventTime() {
    return Instant.ofEpochMilli(eventTimeMillis);
  }

  /** The Avro record written to the {@code clicks} topic. */
  public Click toAvro() {
    // the all-fields constructor: the builder's per-field validation cost the replay's reader thread (JFR)
    return new Click(sessionId, userId, itemId, category, eventTime());
  }
}
