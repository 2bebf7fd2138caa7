package io.seqmia.attacker.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ItemEmbeddingsTest {

  static double cosine(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int t = 0; t < a.length; t++) {
      dot += a[t] * b[t];
      na += a[t] * a[t];
      nb += b[t] * b[t];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  @Test
  void coOccurringItemsAreMoreSimilarThanItemsThatNeverCoOccur() {
    SyntheticSessions generator = new SyntheticSessions(8, 25, 0.05);
    List<List<String>> sessions = generator.sessions(2000, new Random(11));
    ItemEmbeddings e = ItemEmbeddings.fit(sessions, ItemEmbeddings.DEFAULT_DIMENSION, 42);
    assertEquals(200, e.size());
    assertEquals(100, e.dimension());

    Set<String> together = new HashSet<>();
    for (List<String> s : sessions) {
      for (String a : s) {
        for (String b : s) {
          together.add(a + "|" + b);
        }
      }
    }
    List<String> items = new ArrayList<>(e.items());
    double coSum = 0, neverSum = 0;
    int coCount = 0, neverCount = 0, nearestInGroup = 0;
    for (String a : items) {
      String nearest = null;
      double best = Double.NEGATIVE_INFINITY;
      for (String b : items) {
        if (a.equals(b)) {
          continue;
        }
        double c = cosine(e.vector(a), e.vector(b));
        if (together.contains(a + "|" + b)) {
          coSum += c;
          coCount++;
        } else {
          neverSum += c;
          neverCount++;
        }
        if (c > best) {
          best = c;
          nearest = b;
        }
      }
      if (SyntheticSessions.groupOf(nearest) == SyntheticSessions.groupOf(a)) {
        nearestInGroup++;
      }
    }
    double co = coSum / coCount;
    double never = neverSum / neverCount;
    assertTrue(neverCount > 1000 && coCount > 1000, "both kinds of pairs occur: " + coCount + ", " + neverCount);
    assertTrue(co > never + 0.05, "mean cosine of co-occurring pairs " + co + " vs never co-occurring " + never);
    assertTrue(nearestInGroup >= 0.9 * items.size(),
        "nearest neighbour in the item's own group for " + nearestInGroup + " of " + items.size());
  }

  /** With as many dimensions as planted groups, the factorisation recovers the groups almost exactly. */
  @Test
  void lowRankRecoversThePlantedGroups() {
    SyntheticSessions generator = new SyntheticSessions(8, 25, 0.05);
    ItemEmbeddings e = ItemEmbeddings.fit(generator.sessions(2000, new Random(12)), 8, 42);
    double within = 0, across = 0;
    int withinCount = 0, acrossCount = 0;
    List<String> items = new ArrayList<>(e.items());
    for (String a : items) {
      for (String b : items) {
        if (a.compareTo(b) < 0) {
          double c = cosine(e.vector(a), e.vector(b));
          if (SyntheticSessions.groupOf(a) == SyntheticSessions.groupOf(b)) {
            within += c;
            withinCount++;
          } else {
            across += c;
            acrossCount++;
          }
        }
      }
    }
    assertTrue(within / withinCount > 0.9, "mean cosine within a group: " + within / withinCount);
    assertTrue(Math.abs(across / acrossCount) < 0.1, "mean cosine across groups: " + across / acrossCount);
  }

  @Test
  void exactOnTwoDisjointBlocksWithRepeatsCountedOnce() {
    // 3 sessions on {a,b,c,d} (one clicks a twice), 2 on {x,y,z}: σ = √12, √6; a = (½·12^¼, 0, 0, 0)
    List<List<String>> sessions = List.of(
        List.of("a", "b", "c", "d", "a"), List.of("d", "c", "b", "a"), List.of("a", "b", "c", "d"),
        List.of("x", "y", "z"), List.of("z", "y", "x"));
    ItemEmbeddings e = ItemEmbeddings.fit(sessions, 4, 3);
    assertArrayEquals(new double[] {Math.sqrt(12), Math.sqrt(6), 0, 0}, e.singularValues(), 1e-9);
    float first = (float) (0.5 * Math.pow(12, 0.25));
    float second = (float) (Math.pow(6, 0.25) / Math.sqrt(3));
    for (String item : List.of("a", "b", "c", "d")) {
      assertArrayEquals(new float[] {first, 0, 0, 0}, e.vector(item), 1e-6f, item);
    }
    for (String item : List.of("x", "y", "z")) {
      assertArrayEquals(new float[] {0, second, 0, 0}, e.vector(item), 1e-6f, item);
    }
    assertNull(e.vector("unseen"));
    assertFalse(e.contains("unseen"));
  }

  @Test
  void dimensionAboveTheRankIsPaddedWithZeros() {
    ItemEmbeddings e = ItemEmbeddings.fit(List.of(List.of("a", "b"), List.of("b", "c")), 100, 1);
    assertEquals(100, e.dimension());
    assertEquals(3, e.size());
    for (String item : List.of("a", "b", "c")) {
      float[] v = e.vector(item);
      assertEquals(100, v.length);
      for (int t = 2; t < 100; t++) {
        assertEquals(0f, v[t], "two sessions have rank 2: coordinate " + t + " of " + item);
      }
    }
  }

  @Test
  void sameSeedSameVectorsAndOtherSeedsAgreeOnTheSpectrum() {
    List<List<String>> sessions = new SyntheticSessions(6, 30, 0.1).sessions(800, new Random(2));
    ItemEmbeddings a = ItemEmbeddings.fit(sessions, 20, 5);
    ItemEmbeddings b = ItemEmbeddings.fit(sessions, 20, 5);
    for (String item : a.items()) {
      assertArrayEquals(a.vector(item), b.vector(item), item);
    }
    assertArrayEquals(a.singularValues(), b.singularValues());
    // the factorisation is a property of the data, not of the random start: the leading singular values
    // of another seed agree closely
    double[] other = ItemEmbeddings.fit(sessions, 20, 6).singularValues();
    for (int t = 0; t < 10; t++) {
      assertEquals(a.singularValues()[t], other[t], 1e-3 * a.singularValues()[t], "singular value " + t);
    }
  }

  @Test
  void vectorsAreCopies() {
    ItemEmbeddings e = ItemEmbeddings.of(Map.of("a", new float[] {1, 2}));
    e.vector("a")[0] = 99;
    assertEquals(1f, e.vector("a")[0]);
    float[] given = {3, 4};
    Map<String, float[]> map = new HashMap<>();
    map.put("b", given);
    ItemEmbeddings f = ItemEmbeddings.of(map);
    given[0] = 99;
    assertEquals(3f, f.vector("b")[0]);
    assertEquals(0, f.singularValues().length);
  }

  @Test
  void badInputIsRejectedWithAReason() {
    assertMessage("null", () -> ItemEmbeddings.fit(null, 10, 1));
    assertMessage("dimension must be positive", () -> ItemEmbeddings.fit(List.of(List.of("a")), 0, 1));
    assertMessage("session 1 is null", () -> ItemEmbeddings.fit(Arrays.asList(List.of("a"), null), 5, 1));
    assertMessage("session 0 has a null item id at position 1",
        () -> ItemEmbeddings.fit(List.of(Arrays.asList("a", null)), 5, 1));
    assertMessage("contain no item", () -> ItemEmbeddings.fit(List.of(List.of(), List.of()), 5, 1));
    assertMessage("others have", () -> ItemEmbeddings.of(Map.of("a", new float[] {1}, "b", new float[] {1, 2})));
    assertMessage("non-finite", () -> ItemEmbeddings.of(Map.of("a", new float[] {Float.NaN})));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
  }
}
