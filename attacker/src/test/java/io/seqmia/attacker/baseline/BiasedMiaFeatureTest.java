package io.seqmia.attacker.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BiasedMiaFeatureTest {

  /** a = (1,0), b = (0,1), c = (1,1), x = (2,0); "z" has no vector. */
  private static final ItemEmbeddings HAND = ItemEmbeddings.of(Map.of(
      "a", new float[] {1, 0}, "b", new float[] {0, 1}, "c", new float[] {1, 1}, "x", new float[] {2, 0}));

  @Test
  void handExampleWithUnknownItems() {
    // history mean over known clicks a, b, a = (2/3, 1/3); z skipped.
    // recommendations c (rank 0, weight 100), z (rank 1, skipped), x (rank 2, weight 98), renormalised:
    // (100·(1,1) + 98·(2,0)) / 198 = (296/198, 100/198). Feature = (132 − 296, 66 − 100) / 198.
    float[] f = BiasedMiaFeature.of(List.of("a", "b", "a", "z"), List.of("c", "z", "x"), HAND);
    assertArrayEquals(new float[] {-164f / 198, -34f / 198}, f, 1e-6f);
  }

  @Test
  void fullTopHundredUsesWeightsHundredMinusRankOver5050AndIgnoresTheRest() {
    // d = 1, item r_j = (j): Σ_j (100 − j)·j / 5050 = (100·4950 − 328350) / 5050 = 166650 / 5050 = 33
    Map<String, float[]> vectors = new HashMap<>();
    List<String> top = new ArrayList<>();
    for (int j = 0; j < 100; j++) {
      vectors.put("r" + j, new float[] {j});
      top.add("r" + j);
    }
    vectors.put("r100", new float[] {1e6f}); // rank 100 is beyond the top 100
    top.add("r100");
    vectors.put("h", new float[] {40});
    ItemEmbeddings e = ItemEmbeddings.of(vectors);
    assertArrayEquals(new float[] {7}, BiasedMiaFeature.of(List.of("h"), top, e), 1e-4f);
  }

  @Test
  void rankWeightsSumToOne() {
    double sum = 0;
    for (int j = 0; j < BiasedMiaFeature.TOP_K; j++) {
      sum += BiasedMiaFeature.rankWeight(j);
    }
    assertEquals(1.0, sum, 1e-12);
    assertEquals(100.0 / 5050, BiasedMiaFeature.rankWeight(0), 1e-15);
    assertEquals(1.0 / 5050, BiasedMiaFeature.rankWeight(99), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> BiasedMiaFeature.rankWeight(100));
  }

  @Test
  void aSideWithoutKnownItemsIsZero() {
    // unknown history: 0 − c
    assertArrayEquals(new float[] {-1, -1}, BiasedMiaFeature.of(List.of("z"), List.of("c"), HAND));
    // no recommendations, or only unknown ones: history mean − 0
    assertArrayEquals(new float[] {0.5f, 0.5f}, BiasedMiaFeature.of(List.of("a", "b"), List.of(), HAND));
    assertArrayEquals(new float[] {0.5f, 0.5f}, BiasedMiaFeature.of(List.of("a", "b"), List.of("z", "q"), HAND));
    assertArrayEquals(new float[] {0, 0}, BiasedMiaFeature.of(List.of(), List.of("z"), HAND));
  }

  @Test
  void matrixIsOneRowPerSequenceAndNamesTheBadOne() {
    float[][] x = BiasedMiaFeature.matrix(List.of(List.of("a"), List.of("b")), List.of(List.of("a"), List.of("c")), HAND);
    assertArrayEquals(new float[] {0, 0}, x[0]);
    assertArrayEquals(new float[] {-1, 0}, x[1]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BiasedMiaFeature.matrix(List.of(List.of("a")), List.of(), HAND));
    assertTrue(e.getMessage().contains("equal length"), e.getMessage());
    List<List<String>> withNull = new ArrayList<>();
    withNull.add(List.of("a"));
    withNull.add(null);
    e = assertThrows(IllegalArgumentException.class,
        () -> BiasedMiaFeature.matrix(withNull, List.of(List.of("a"), List.of("b")), HAND));
    assertTrue(e.getMessage().startsWith("sequence 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BiasedMiaFeature.of(List.of("a"), java.util.Arrays.asList("c", null), HAND));
    assertTrue(e.getMessage().contains("recommendation list has a null item id at position 1"), e.getMessage());
  }
}
