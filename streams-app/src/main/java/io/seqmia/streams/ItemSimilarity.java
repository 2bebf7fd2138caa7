package io.seqmia.streams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Item-to-item similarity learnt from closed sessions: cosine over session incidence,
 * {@code sim(a,b) = cooc(a,b) / sqrt(n_a * n_b)}, where {@code n_a} is the number of sessions that
 * contain a and {@code cooc(a,b)} the number that contain both. Lives in two state stores (item counts,
 * and per item a map of co-occurrence counts) so it survives restarts and moves with its task.
 *
 * <p>Approximation, to keep memory bounded: an item's co-occurrence map holds at most
 * {@value #PRUNE_FACTOR}·K entries; when it grows beyond that, only the {@value #KEEP_FACTOR}·K highest
 * counts are kept (ties by item id). A pruned pair that shows up again restarts from zero, so rare pairs
 * are undercounted, but the frequent pairs that make the top-K survive. The item counts are exact. One
 * task, the {@link AugmentProcessor}'s, learns from every partition's sessions.
 */
public final class ItemSimilarity {

  static final int PRUNE_FACTOR = 5;
  static final int KEEP_FACTOR = 3;

  /** A neighbour and its cosine similarity. */
  public record Neighbour(String itemId, double score) {}

  private static final Comparator<Neighbour> BEST_FIRST =
      Comparator.comparingDouble(Neighbour::score).reversed().thenComparing(Neighbour::itemId);

  private final KeyValueStore<String, Long> itemCounts;
  private final KeyValueStore<String, Map<String, Long>> cooccurrences;
  private final int topK;

  public ItemSimilarity(KeyValueStore<String, Long> itemCounts,
      KeyValueStore<String, Map<String, Long>> cooccurrences, int topK) {
    this.itemCounts = itemCounts;
    this.cooccurrences = cooccurrences;
    this.topK = topK;
  }

  /** Counts one session: each distinct item once, each unordered pair of distinct items once. */
  public void update(List<String> sessionItems) {
    Set<String> distinct = new LinkedHashSet<>(sessionItems);
    for (String a : distinct) {
      Long n = itemCounts.get(a);
      itemCounts.put(a, n == null ? 1L : n + 1);
      if (distinct.size() < 2) {
        continue;
      }
      Map<String, Long> counts = cooccurrences.get(a);
      if (counts == null) {
        counts = new HashMap<>();
      }
      for (String b : distinct) {
        if (!b.equals(a)) {
          counts.merge(b, 1L, Long::sum);
        }
      }
      if (counts.size() > PRUNE_FACTOR * topK) {
        counts = prune(counts, KEEP_FACTOR * topK);
      }
      cooccurrences.put(a, counts);
    }
  }

  /** The top-K neighbours of an item, best first; empty when the item never shared a session. */
  public List<Neighbour> topNeighbours(String item) {
    Map<String, Long> counts = cooccurrences.get(item);
    Long na = itemCounts.get(item);
    if (counts == null || counts.isEmpty() || na == null) {
      return List.of();
    }
    List<Neighbour> all = new ArrayList<>(counts.size());
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      Long nb = itemCounts.get(e.getKey());
      if (nb != null && nb > 0) {
        all.add(new Neighbour(e.getKey(), e.getValue() / Math.sqrt((double) na * nb)));
      }
    }
    all.sort(BEST_FIRST);
    return all.size() > topK ? List.copyOf(all.subList(0, topK)) : List.copyOf(all);
  }

  private static Map<String, Long> prune(Map<String, Long> counts, int keep) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> kept = new HashMap<>(keep * 2);
    for (int i = 0; i < keep && i < entries.size(); i++) {
      kept.put(entries.get(i).getKey(), entries.get(i).getValue());
    }
    return kept;
  }
}
