package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandardizerTest {

  @Test
  void zScoresAndLeavesConstantFeaturesFinite() {
    Standardizer s = Standardizer.fit(new float[][] {{1f, 5f}, {3f, 5f}});
    assertArrayEquals(new float[] {2f, 5f}, s.mean(), 1e-6f);
    assertArrayEquals(new float[] {1f, 1f}, s.std(), 1e-6f); // second std is 0 -> 1
    assertArrayEquals(new float[] {-1f, 0f}, s.transform(new float[] {1f, 5f}), 1e-6f);
    assertArrayEquals(new float[] {3f, 2f}, s.transform(new float[] {5f, 7f}), 1e-6f);
  }

  @Test
  void rejectsMismatchedWidth() {
    Standardizer s = Standardizer.fit(new float[][] {{1f, 2f}});
    assertThrows(IllegalArgumentException.class, () -> s.transform(new float[] {1f}));
    assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(new float[0][]));
  }
}
