package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ScoreVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttackCheckpointTest {

  private static final MlpAttack.Config SMALL = new MlpAttack.Config(new int[] {8, 4}, 0.1f, 1e-2f, 32, 30, 5, 0.2);

  @Test
  void aSavedRunGivesTheSameLiveVerdicts(@TempDir Path modelDir) {
    List<ScoreVector> vectors = SyntheticVectors.generate(30, 30, 10, 1.5, 5, "target-v9");
    Random random = new Random(6);
    List<ScoreVector> later = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      later.add(SyntheticVectors.vector("later-" + i, SyntheticVectors.Kind.UNLABELLED, false, 1.5, random,
          "target-v9"));
    }
    try (AttackRun run = new AttackRunner(0.5, SMALL).run(vectors, 7, false, Map.of())) {
      Path dir = AttackCheckpoint.directoryFor(modelDir, run.attackModelVersion());
      assertEquals(modelDir, dir.getParent());
      assertFalse(dir.getFileName().toString().contains("/"));
      run.save(dir);
      assertTrue(AttackCheckpoint.isCheckpoint(dir));
      try (AttackRun loaded = AttackRun.load(dir)) {
        assertEquals(run.attackModelVersion(), loaded.attackModelVersion());
        assertEquals("target-v9", loaded.targetModelVersion());
        assertTrue(loaded.results().isEmpty());
        assertNull(loaded.artefacts());
        assertTrue(loaded.skipped().isEmpty());
        assertTrue(loaded.usedForTraining().isEmpty());
        for (ScoreVector v : later) {
          assertEquals(run.predict(v), loaded.predict(v), 0.0, v.getSequenceId());
        }
        // the loaded run reads features by name, in any order
        ScoreVector v = later.get(0);
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4));
        Collections.reverse(order);
        ScoreVector reordered = ScoreVector.newBuilder(v)
            .setFeatureNames(order.stream().map(i -> v.getFeatureNames().get(i)).toList())
            .setFeatures(order.stream().map(i -> v.getFeatures().get(i)).toList())
            .build();
        assertEquals(run.predict(v), loaded.predict(reordered), 0.0);
      }
    }
  }

  @Test
  void anIncompleteFolderIsNoCheckpoint(@TempDir Path dir) throws Exception {
    List<ScoreVector> vectors = SyntheticVectors.generate(20, 20, 0, 1.5, 8, "t");
    try (AttackRun run = new AttackRunner(0.5, SMALL).run(vectors, 1, false, Map.of())) {
      run.save(dir);
    }
    Files.delete(dir.resolve(AttackCheckpoint.MANIFEST));
    assertFalse(AttackCheckpoint.isCheckpoint(dir));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttackCheckpoint.load(dir));
    assertTrue(e.getMessage().contains(AttackCheckpoint.MANIFEST), e.getMessage());
  }

  @Test
  void folderNamesAreSafe() {
    Path base = Path.of("models");
    assertEquals(base.resolve("seqmia-mlp_target-1_seed-42"),
        AttackCheckpoint.directoryFor(base, "seqmia-mlp/target-1/seed-42"));
    assertEquals(base.resolve("_.."), AttackCheckpoint.directoryFor(base, ".."));
    assertEquals(base.resolve("a_b_c"), AttackCheckpoint.directoryFor(base, "a b;c"));
  }
}
