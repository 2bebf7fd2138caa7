package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The similarity's counts against a brute-force count of the same sessions, taught in steps of any size. */
class ItemSimilarityTest {

  private static KeyValueStore<String, Long> store(MockProcessorContext<Object, Object> context, String name) {
    KeyValueStore<String, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
        Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  private static List<List<String>> sessions(int count, long seed) {
    Random random = new Random(seed);
    List<List<String>> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      List<String> items = new ArrayList<>();
      int length = 1 + random.nextInt(8);
      for (int i = 0; i < length; i++) {
        items.add("i" + random.nextInt(30)); // few items: repeats within and across sessions
      }
      out.add(items);
    }
    return out;
  }

  @Test
  void storedCountsEqualABruteForceCountWhateverTheStepSize() {
    List<List<String>> sessions = sessions(500, 7);
    Map<String, Long> expectedItems = new HashMap<>();
    Map<String, Long> expectedPairs = new HashMap<>();
    for (List<String> s : sessions) {
      Set<String> distinct = new LinkedHashSet<>(s);
      for (String a : distinct) {
        expectedItems.merge(a, 1L, Long::sum);
        for (String b : distinct) {
          if (!a.equals(b)) {
            expectedPairs.merge(ItemSimilarity.pairKey(a, b), 1L, Long::sum);
          }
        }
      }
    }
    for (int step : new int[] {1, 7, 500}) {
      MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
      KeyValueStore<String, Long> items = store(context, "items");
      KeyValueStore<String, Long> pairs = store(context, "pairs");
      ItemSimilarity similarity = new ItemSimilarity(items, pairs, 3);
      for (int i = 0; i < sessions.size(); i++) {
        similarity.update(sessions.get(i));
        if ((i + 1) % step == 0) {
          similarity.flush();
        }
      }
      similarity.flush();
      assertEquals(expectedItems, contents(items), "item counts, steps of " + step);
      assertEquals(expectedPairs, contents(pairs), "pair counts, steps of " + step);
    }
  }

  @Test
  void neighboursAreTheCosineTopKOfTheCounts() {
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    ItemSimilarity similarity = new ItemSimilarity(store(context, "items"), store(context, "pairs"), 2);
    similarity.update(List.of("a", "b", "c"));
    similarity.update(List.of("a", "b"));
    similarity.update(List.of("a", "d", "a"));
    similarity.update(List.of("b"));
    similarity.flush();
    // n_a = 3, n_b = 3, n_c = 1, n_d = 1; cooc(a,b) = 2, cooc(a,c) = 1, cooc(a,d) = 1.
    // a: b at 2/3, then c and d tie at 1/sqrt(3) and the id breaks the tie (c before d).
    assertEquals(List.of(new ItemSimilarity.Neighbour("b", 2 / 3.0), new ItemSimilarity.Neighbour("c",
        1 / Math.sqrt(3))), similarity.topNeighbours("a"));
    assertEquals(List.of(new ItemSimilarity.Neighbour("a", 2 / 3.0), new ItemSimilarity.Neighbour("c",
        1 / Math.sqrt(3))), similarity.topNeighbours("b"));
    assertTrue(similarity.topNeighbours("unknown").isEmpty());
  }

  private static Map<String, Long> contents(KeyValueStore<String, Long> store) {
    Map<String, Long> out = new HashMap<>();
    try (KeyValueIterator<String, Long> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> e = it.next();
        out.put(e.key, e.value);
      }
    }
    return out;
  }
}
