package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The black-box mode sees the recommendation list and the history, and nothing of the model's scores. */
class BlackBoxAttackTest {

  private static ScoreVector vector(List<Float> features, List<String> history, List<String> list) {
    return ModelRoles.withRole(ScoreVector.newBuilder(), ModelRole.TARGET).setSequenceId("s").setModelVersion("v")
        .setFeatureLayout("seqmia-features-v1").setFeatures(features).setItems(history).setTopItems(list)
        .setScoredAt(Instant.EPOCH).build();
  }

  @Test
  void theModelsScoresDoNotReachTheFeatures() {
    List<String> history = List.of("a", "b", "c");
    List<String> list = List.of("c", "x", "a", "y");
    float[] one = BlackBoxAttack.features(vector(List.of(0.1f, -3f, 7f), history, list));
    float[] other = BlackBoxAttack.features(vector(List.of(9f, 2f, -1f, 4f), history, list));
    assertArrayEquals(one, other, "other log-probabilities and ranks, the same list and history");
    assertFalse(java.util.Arrays.equals(one, BlackBoxAttack.features(vector(List.of(0.1f), history,
        List.of("x", "y", "c", "a")))), "another list, other features");
  }

  @Test
  void featuresCountTheHistoryFoundInTheList() {
    // history a, b, c; the list c (rank 1), x, a (rank 3), y: b is missing
    float[] f = BlackBoxAttack.features(vector(List.of(1f), List.of("a", "b", "c"), List.of("c", "x", "a", "y")));
    assertEquals(BlackBoxAttack.FEATURE_NAMES.size(), f.length);
    assertEquals((float) Math.log1p(3), f[0], 1e-6);
    assertEquals(1 / 3f, f[1], 1e-6); // in the top 1: c
    assertEquals(2 / 3f, f[2], 1e-6); // in the top 5: c, a
    assertEquals(1f, f[7], 1e-6); // the last history item, c, is ranked first
    assertEquals((float) ((1 + 1 / 3.0) / 3), f[8], 1e-6); // mean reciprocal rank over the history
    assertEquals(1f, f[9], 1e-6);
    assertEquals((float) Math.log1p(4), f[10], 1e-6);
  }

  @Test
  void vectorsWithoutListOrHistoryMakeTheModeUnusable() {
    ScoreVector noList = vector(List.of(1f), List.of("a"), List.of());
    assertEquals(null, BlackBoxAttack.unusable(List.of(vector(List.of(1f), List.of("a"), List.of("a")))));
    assertFalse(BlackBoxAttack.unusable(List.of(noList)) == null);
  }
}
