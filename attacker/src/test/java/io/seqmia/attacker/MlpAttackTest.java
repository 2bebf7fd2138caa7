package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlpAttackTest {

  private static final int DIM = 6;

  /** Members' features centred at +shift, non-members' at -shift (shift 0: identical distributions). */
  private static float[][] cloud(int n, boolean[] labels, double shift, Random random) {
    float[][] x = new float[n][DIM];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < DIM; j++) {
        x[i][j] = (float) (random.nextGaussian() + (labels[i] ? shift : -shift) + 3 * j);
      }
    }
    return x;
  }

  private static boolean[] labels(int n, int memberEvery) {
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % memberEvery == 0;
    }
    return y;
  }

  @Test
  void separatesTwoGaussianClouds() {
    Random random = new Random(1);
    boolean[] trainY = labels(600, 3); // imbalanced on purpose: 200 members, 400 non-members
    float[][] trainX = cloud(600, trainY, 1.0, random);
    boolean[] testY = labels(1000, 2);
    float[][] testX = cloud(1000, testY, 1.0, random);
    try (MlpAttack attack = MlpAttack.train(trainX, trainY, 42)) {
      assertEquals(400, attack.usedIndices().length, "balanced: every member and as many non-members");
      double[] p = attack.predict(testX);
      for (double v : p) {
        assertTrue(v >= 0 && v <= 1, "probability out of range: " + v);
      }
      double auc = Metrics.rocAuc(p, testY);
      assertTrue(auc > 0.9, "AUC on separable clouds: " + auc);
      AttackMetrics m = Metrics.evaluate(p, testY, 0.5);
      assertTrue(m.accuracy() > 0.8, "accuracy " + m.accuracy());
    }
  }

  @Test
  void identicalDistributionsGiveChance() {
    Random random = new Random(2);
    boolean[] trainY = labels(800, 2);
    float[][] trainX = cloud(800, trainY, 0.0, random);
    boolean[] testY = labels(3000, 2);
    float[][] testX = cloud(3000, testY, 0.0, random);
    try (MlpAttack attack = MlpAttack.train(trainX, trainY, 42)) {
      double auc = Metrics.rocAuc(attack.predict(testX), testY);
      assertEquals(0.5, auc, 0.1, "AUC without any signal");
    }
  }

  @Test
  void sameSeedSameModel() {
    Random random = new Random(3);
    boolean[] y = labels(200, 2);
    float[][] x = cloud(200, y, 0.5, random);
    double[] p1;
    double[] p2;
    try (MlpAttack a = MlpAttack.train(x, y, 7)) {
      p1 = a.predict(x);
    }
    try (MlpAttack b = MlpAttack.train(x, y, 7)) {
      p2 = b.predict(x);
    }
    assertArrayEquals(p1, p2, 1e-6);
  }

  @Test
  void savedModelPredictsExactlyTheSame(@TempDir Path dir) throws Exception {
    Random random = new Random(4);
    boolean[] y = labels(200, 2);
    float[][] x = cloud(200, y, 0.8, random);
    float[][] unseen = cloud(50, labels(50, 2), 0.8, random);
    MlpAttack.Config small = new MlpAttack.Config(new int[] {8, 4}, 0.1f, 1e-2f, 32, 30, 5, 0.2);
    double[] before;
    try (MlpAttack trained = MlpAttack.train(x, y, 11, small)) {
      before = trained.predict(unseen);
      trained.save(dir);
      assertTrue(MlpAttack.isSaved(dir));
      try (MlpAttack loaded = MlpAttack.load(dir)) {
        assertArrayEquals(before, loaded.predict(unseen), 0.0, "identical predictions after a reload");
        assertEquals(DIM, loaded.inputDimension());
        assertArrayEquals(small.hidden(), loaded.config().hidden());
        assertEquals(trained.epochs(), loaded.epochs());
        assertEquals(trained.bestValidationLoss(), loaded.bestValidationLoss());
      }
    }
    // an incomplete save (description missing) is no model, and says so
    Files.delete(dir.resolve(MlpAttack.PROPERTIES_FILE));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MlpAttack.load(dir));
    assertTrue(e.getMessage().contains(MlpAttack.PROPERTIES_FILE), e.getMessage());
  }

  @Test
  void loadRejectsWeightsThatDoNotFitTheDescription(@TempDir Path dir) throws Exception {
    Random random = new Random(5);
    boolean[] y = labels(40, 2);
    float[][] x = cloud(40, y, 0.8, random);
    try (MlpAttack trained = MlpAttack.train(x, y, 3, new MlpAttack.Config(new int[] {4}, 0f, 1e-2f, 16, 3, 2, 0.2))) {
      trained.save(dir);
    }
    Path props = dir.resolve(MlpAttack.PROPERTIES_FILE);
    Files.writeString(props, Files.readString(props).replace("hidden=4", "hidden=5"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MlpAttack.load(dir));
    assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
  }

  @Test
  void rejectsTooFewLabelsOrBadFeatures() {
    float[][] x = {{1f}, {2f}, {3f}, {4f}};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MlpAttack.train(x, new boolean[] {true, false, false, false}, 1));
    assertTrue(e.getMessage().contains("at least 2 labelled members"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> MlpAttack.train(new float[][] {{1f}, {Float.NaN}, {3f}, {4f}},
            new boolean[] {true, true, false, false}, 1));
  }
}
