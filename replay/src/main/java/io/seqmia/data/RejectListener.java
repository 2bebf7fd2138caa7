package io.seqmia.data;

/** Told about every input line a reader could not turn into a {@link ClickEvent}. */
@FunctionalInterface
public interface RejectListener {

  /** Longest raw text passed on; longer lines are cut so one bad line cannot flood a dead-letter queue. */
  int MAX_RAW_TEXT = 500;

  /**
   * @param lineNumber 1-based line number in the source
   * @param rawText the line, truncated to {@link #MAX_RAW_TEXT} characters
   * @param reason why it was rejected, e.g. "expected 4 comma-separated fields, got 3"
   */
  void rejected(long lineNumber, String rawText, String reason);

  RejectListener NONE = (lineNumber, rawText, reason) -> {};

  static String truncate(String raw) {
    return raw.length() <= MAX_RAW_TEXT ? raw : raw.substring(0, MAX_RAW_TEXT);
  }
}
