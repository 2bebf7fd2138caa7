package io.seqmia.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** A time index in a key-value store: keys are zero-padded time then an id, so they sort by time. */
final class DeadlineIndex {

  private DeadlineIndex() {}

  static String key(long time, String id) {
    // Hand-padded: String.format was a measurable share of the sessionizer's time (JFR).
    String digits = Long.toString(Math.max(0L, time));
    StringBuilder key = new StringBuilder(20 + id.length());
    for (int i = digits.length(); i < 19; i++) {
      key.append('0');
    }
    return key.append(digits).append('|').append(id).toString();
  }

  static long timeOf(String indexKey) {
    return Long.parseLong(indexKey.substring(0, indexKey.indexOf('|')));
  }

  /**
   * At most {@code limit} entries with a time in [from, before), in time order (copied, so the caller
   * may modify the store).
   */
  static List<KeyValue<String, String>> before(KeyValueStore<String, String> index, long from, long before,
      int limit) {
    List<KeyValue<String, String>> out = new ArrayList<>();
    if (before <= 0 || limit <= 0) {
      return out;
    }
    try (KeyValueIterator<String, String> it = index.range(key(from, ""), key(before, ""))) {
      while (it.hasNext() && out.size() < limit) {
        KeyValue<String, String> e = it.next();
        if (timeOf(e.key) >= before) {
          break; // range() is inclusive of the upper bound
        }
        out.add(e);
      }
    }
    return out;
  }

  /**
   * One bounded step of a sweep over the entries with a time in [from, before): hands them to
   * {@code handler} in time order (the handler spends the budget for what it does) until the budget is
   * spent, and returns where the next step starts.
   */
  static long sweep(KeyValueStore<String, String> index, long from, long before, ChunkBudget budget,
      Consumer<KeyValue<String, String>> handler) {
    int limit = budget.remaining();
    List<KeyValue<String, String>> found = before(index, from, before, limit);
    int handled = 0;
    for (KeyValue<String, String> e : found) {
      if (budget.exhausted()) {
        break;
      }
      handler.accept(e);
      handled++;
    }
    return sweptTo(from, before, found, handled, limit);
  }

  /**
   * Where the next sweep of [from, before) starts after this one handled {@code handled} of the
   * {@code found} entries it was given (found == the limit means there may be more): {@code before} when
   * everything was handled, else the time of the last entry handled (the rest of that time is re-read).
   */
  private static long sweptTo(long from, long before, List<KeyValue<String, String>> found, int handled, int limit) {
    if (handled == found.size() && found.size() < limit) {
      return Math.max(from, before);
    }
    return handled == 0 ? from : Math.max(from, timeOf(found.get(handled - 1).key));
  }
}
