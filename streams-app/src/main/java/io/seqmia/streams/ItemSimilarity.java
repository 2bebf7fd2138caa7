package io.seqmia.streams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Item-to-item similarity learnt from closed sessions: cosine over session incidence,
 * {@code sim(a,b) = cooc(a,b) / sqrt(n_a * n_b)}, where {@code n_a} is the number of sessions that
 * contain a and {@code cooc(a,b)} the number that contain both. Counts live in two state stores, exact
 * and unpruned: per item, and per ordered pair (key {@link #pairKey}, both orders, so that a prefix scan
 * lists an item's neighbours). Teaching a session therefore costs one increment per distinct item and
 * per ordered pair of its (at most max.length) items, whatever the neighbours' number.
 *
 * <p>Queries read a <em>snapshot</em>: an item's top-K is computed from the counts the first time it is
 * asked for after {@link #refresh()}, then kept (a bounded LRU, recomputed from the same counts when
 * evicted). The augmenter refreshes after teaching a whole flushed data set, so every variant of it
 * depends only on its session and that snapshot, not on the order sessions arrived in.
 */
public final class ItemSimilarity {

  /** The most items whose top-K is kept in memory at once. */
  static final int SNAPSHOT_CAPACITY = 200_000;

  /** A neighbour and its cosine similarity. */
  public record Neighbour(String itemId, double score) {}

  private static final Comparator<Neighbour> BEST_FIRST =
      Comparator.comparingDouble(Neighbour::score).reversed().thenComparing(Neighbour::itemId);

  private final KeyValueStore<String, Long> itemCounts;
  private final KeyValueStore<String, Long> pairCounts;
  private final int topK;
  /** Counts not yet in the stores: bounded by one step's sessions (chunk.records × max.length²). */
  private final Map<String, long[]> pendingItems = new HashMap<>();
  /**
   * Pending pair counts per first item, then per second: the items' own strings are the keys, so a count
   * costs two lookups on hashes the strings already hold, instead of building and hashing a pair key per
   * increment (JFR: HashMap.merge under that was 27 % of the release's samples).
   */
  private final Map<String, Map<String, long[]>> pendingPairs = new HashMap<>();
  private final Map<String, List<Neighbour>> snapshot = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<Neighbour>> eldest) {
      return size() > SNAPSHOT_CAPACITY;
    }
  };

  public ItemSimilarity(KeyValueStore<String, Long> itemCounts, KeyValueStore<String, Long> pairCounts, int topK) {
    this.itemCounts = itemCounts;
    this.pairCounts = pairCounts;
    this.topK = topK;
  }

  /** The pair store's key for (a, b): a length-prefixed a, then b, so all of a's pairs share a prefix. */
  static String pairKey(String a, String b) {
    return pairPrefix(a) + b;
  }

  private static String pairPrefix(String a) {
    return a.length() + ":" + a + "|";
  }

  /**
   * Counts one session: each distinct item once, each ordered pair of distinct items once. The counts
   * are added up in memory and reach the stores at {@link #flush()}: popular items and pairs recur
   * within one step, and each then costs one store read and write instead of one per session.
   */
  public void update(List<String> sessionItems) {
    Set<String> distinct = new LinkedHashSet<>(sessionItems);
    for (String a : distinct) {
      pendingItems.computeIfAbsent(a, k -> new long[1])[0]++;
      Map<String, long[]> row = pendingPairs.computeIfAbsent(a, k -> new HashMap<>());
      for (String b : distinct) {
        if (!b.equals(a)) {
          row.computeIfAbsent(b, k -> new long[1])[0]++;
        }
      }
    }
  }

  /** Writes the counts added since the last flush (call before the step that added them ends). */
  public void flush() {
    pendingItems.forEach((item, n) -> add(itemCounts, item, n[0]));
    pendingItems.clear();
    pendingPairs.forEach((a, row) -> row.forEach((b, n) -> add(pairCounts, pairKey(a, b), n[0])));
    pendingPairs.clear();
  }

  private static void add(KeyValueStore<String, Long> store, String key, long n) {
    Long old = store.get(key);
    store.put(key, old == null ? n : old + n);
  }

  /** Forgets the snapshot: later queries see the counts as they are then. */
  public void refresh() {
    snapshot.clear();
  }

  /** The top-K neighbours of an item in the current snapshot, best first; empty when it never shared a session. */
  public List<Neighbour> topNeighbours(String item) {
    List<Neighbour> known = snapshot.get(item);
    if (known == null) {
      known = compute(item);
      snapshot.put(item, known);
    }
    return known;
  }

  private List<Neighbour> compute(String item) {
    flush();
    Long na = itemCounts.get(item);
    if (na == null) {
      return List.of();
    }
    String prefix = pairPrefix(item);
    // Worst-first heap of the best K so far: memory stays K whatever the neighbour count.
    PriorityQueue<Neighbour> best = new PriorityQueue<>(topK + 1, BEST_FIRST.reversed());
    try (KeyValueIterator<String, Long> it = pairCounts.prefixScan(prefix, Serdes.String().serializer())) {
      while (it.hasNext()) {
        KeyValue<String, Long> e = it.next();
        String b = e.key.substring(prefix.length());
        Long nb = itemCounts.get(b);
        if (nb != null && nb > 0) {
          best.add(new Neighbour(b, e.value / Math.sqrt((double) na * nb)));
          if (best.size() > topK) {
            best.poll();
          }
        }
      }
    }
    List<Neighbour> out = new ArrayList<>(best);
    out.sort(BEST_FIRST);
    return List.copyOf(out);
  }
}
