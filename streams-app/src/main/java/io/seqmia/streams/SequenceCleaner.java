package io.seqmia.streams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a closed session's clicks into a sequence: order by event time (ties keep arrival order),
 * remove exact duplicates (same item and timestamp), optionally drop consecutive repeats of an item,
 * then keep the last {@code maxLength} items. Pure; the caller checks {@code minLength}.
 */
public final class SequenceCleaner {

  private SequenceCleaner() {}

  /** The cleaned sequence and what was removed to get it. */
  public record Result(List<TimedItem> items, int duplicatesRemoved, int repeatsRemoved, boolean truncated) {}

  public static Result clean(List<TimedItem> clicks, boolean dropRepeats, int maxLength) {
    List<TimedItem> ordered = new ArrayList<>(clicks);
    ordered.sort(Comparator.comparingLong(TimedItem::eventTime)); // stable: ties keep arrival order
    Set<TimedItem> seen = new HashSet<>();
    List<TimedItem> unique = new ArrayList<>(ordered.size());
    for (TimedItem c : ordered) {
      if (seen.add(c)) {
        unique.add(c);
      }
    }
    int duplicates = ordered.size() - unique.size();
    List<TimedItem> kept = unique;
    if (dropRepeats) {
      kept = new ArrayList<>(unique.size());
      for (TimedItem c : unique) {
        if (kept.isEmpty() || !kept.get(kept.size() - 1).itemId().equals(c.itemId())) {
          kept.add(c);
        }
      }
    }
    int repeats = unique.size() - kept.size();
    boolean truncated = kept.size() > maxLength;
    if (truncated) {
      kept = new ArrayList<>(kept.subList(kept.size() - maxLength, kept.size()));
    }
    return new Result(List.copyOf(kept), duplicates, repeats, truncated);
  }
}
