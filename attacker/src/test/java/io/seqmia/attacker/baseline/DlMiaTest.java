package io.seqmia.attacker.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.attacker.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@Tag("integration") // a broker, a real data sample, or minutes of model training: left out of the fast run
class DlMiaTest {

  private static final int DIM = 12;
  /** Features that carry the membership signal; the rest are noise. */
  private static final int SIGNAL_DIMS = 4;
  /** A real but moderate signal for the shuffled-label test. */
  private static final double SHUFFLE_SHIFT = 0.3;

  /** Smaller and shorter than the defaults, so the chance-level tests can afford several models. */
  private static DlMia.Config fastConfig() {
    return new DlMia.Config(8, 32, new int[] {32, 8}, 16, DlMia.DEFAULT_INVARIANT_HEAD_WEIGHT,
        DlMia.DEFAULT_SPECIFIC_HEAD_WEIGHT, DlMia.DEFAULT_INVARIANT_KL_WEIGHT, DlMia.DEFAULT_SPECIFIC_KL_WEIGHT,
        DlMia.DEFAULT_LEARNING_RATE, 64, 10, 20, 12, 3, 4, DlMia.DEFAULT_VALIDATION_FRACTION,
        DlMia.DEFAULT_MIN_WEIGHT);
  }

  /** Members' signal features centred at +shift, non-members' at -shift; offsets differ per column. */
  private static float[][] cloud(boolean[] labels, double shift, double offset, Random random) {
    float[][] x = new float[labels.length][DIM];
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < DIM; j++) {
        double signal = j < SIGNAL_DIMS ? (labels[i] ? shift : -shift) : 0;
        x[i][j] = (float) (random.nextGaussian() + signal + 2 * j + offset);
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
  void separatesSeparableClouds() {
    Random random = new Random(1);
    boolean[] trainY = labels(600, 3); // imbalanced on purpose: 200 members, 400 non-members
    float[][] trainX = cloud(trainY, 1.0, 0, random);
    boolean[] testY = labels(1000, 2);
    float[][] testX = cloud(testY, 1.0, 0, random);
    try (DlMia attack = DlMia.train(trainX, trainY, 42)) {
      double[] p = attack.predict(testX);
      assertEquals(testX.length, p.length);
      for (double v : p) {
        assertTrue(v >= 0 && v <= 1, "probability out of range: " + v);
      }
      double auc = Metrics.rocAuc(p, testY);
      assertTrue(auc > 0.9, "AUC on separable clouds: " + auc);
      DlMia.Summary s = attack.summary();
      assertTrue(s.encoderEpochs() > 0 && s.headEpochs() > 0 && s.jointEpochs() > 0 && s.weightEpochs() > 0, s.toString());
      assertEquals(s.totalEpochs(), attack.epochs());
      assertFalse(s.jointDiverged(), s.toString());
      assertTrue(s.meanWeight() >= DlMia.DEFAULT_MIN_WEIGHT && s.meanWeight() <= 1, s.toString());
      assertEquals(DIM, attack.inputDimension());
      assertEquals(0, attack.predict(new float[0][]).length);
    }
  }

  @Test
  void noSignalGivesChance() {
    // averaged over seeds and scored on 2000 vectors each: the standard error of the mean AUC is ~0.008
    double sum = 0;
    int seeds = 3;
    for (int seed = 0; seed < seeds; seed++) {
      Random random = new Random(100 + seed);
      boolean[] trainY = labels(600, 2);
      float[][] trainX = cloud(trainY, 0.0, 0, random);
      boolean[] testY = labels(2000, 2);
      float[][] testX = cloud(testY, 0.0, 0, random);
      try (DlMia attack = DlMia.train(trainX, trainY, seed, fastConfig())) {
        sum += Metrics.rocAuc(attack.predict(testX), testY);
      }
    }
    assertEquals(0.5, sum / seeds, 0.06, "mean AUC without any signal");
  }

  @Test
  void shuffledLabelsGiveChance() {
    // Labels shuffled within each true class, half of each becoming "member", so over the whole training
    // set they are uncorrelated with the real signal. What chance correlation is left (the validation
    // fold is drawn from them) the model amplifies along the signal, so one model's AUC strays by ~0.06:
    // the mean of six is tested (standard error ~0.025).
    double sum = 0;
    int seeds = 6;
    for (int seed = 0; seed < seeds; seed++) {
      Random random = new Random(200 + seed);
      boolean[] trueY = labels(600, 2);
      float[][] trainX = cloud(trueY, SHUFFLE_SHIFT, 0, random);
      boolean[] shuffled = new boolean[trueY.length];
      for (boolean cls : new boolean[] {true, false}) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < trueY.length; i++) {
          if (trueY[i] == cls) {
            rows.add(i);
          }
        }
        Collections.shuffle(rows, random);
        for (int k = 0; k < rows.size() / 2; k++) {
          shuffled[rows.get(k)] = true;
        }
      }
      boolean[] testY = labels(2000, 2);
      float[][] testX = cloud(testY, SHUFFLE_SHIFT, 0, random);
      try (DlMia attack = DlMia.train(trainX, shuffled, seed, fastConfig())) {
        sum += Metrics.rocAuc(attack.predict(testX), testY);
      }
    }
    assertEquals(0.5, sum / seeds, 0.1, "mean AUC after training on shuffled labels");
  }

  @Test
  void sameSeedSameModel() {
    Random random = new Random(3);
    boolean[] y = labels(300, 2);
    float[][] x = cloud(y, 0.5, 0, random);
    float[][] target = cloud(labels(100, 2), 0.5, 0.3, random);
    double[] p1;
    double[] p2;
    double[] p3;
    DlMia.Summary s1;
    try (DlMia a = DlMia.train(x, y, target, 7, fastConfig())) {
      p1 = a.predict(x);
      s1 = a.summary();
    }
    try (DlMia b = DlMia.train(x, y, target, 7, fastConfig())) {
      p2 = b.predict(x);
      assertEquals(s1, b.summary());
    }
    assertArrayEquals(p1, p2, 0.0, "same seed, data and threads: the same model");
    try (DlMia c = DlMia.train(x, y, target, 8, fastConfig())) {
      p3 = c.predict(x);
    }
    assertFalse(Arrays.equals(p1, p3), "another seed gives another model");
  }

  @Test
  void trainsWithUnlabelledTargetVectors() {
    Random random = new Random(4);
    boolean[] shadowY = labels(600, 2);
    float[][] shadowX = cloud(shadowY, 1.0, 0, random);
    boolean[] targetY = labels(800, 2);
    float[][] targetX = cloud(targetY, 1.0, 0.3, random); // the target recommender's vectors sit elsewhere
    try (DlMia attack = DlMia.train(shadowX, shadowY, targetX, 5, fastConfig())) {
      double auc = Metrics.rocAuc(attack.predict(targetX), targetY);
      assertTrue(auc > 0.85, "AUC on the target's vectors: " + auc);
      assertFalse(attack.summary().jointDiverged());
    }
  }

  @Test
  void fusionWeightsChooseTheHeads() {
    DlMia.Config config = fastConfig();
    assertEquals(1 - DlMia.DEFAULT_INVARIANT_HEAD_WEIGHT - DlMia.DEFAULT_SPECIFIC_HEAD_WEIGHT,
        config.rawHeadWeight(), 1e-12);
    assertEquals(0.0, config.withHeadWeights(0.6, 0.4).rawHeadWeight(), 1e-12);
    Random random = new Random(6);
    boolean[] y = labels(400, 2);
    float[][] x = cloud(y, 1.0, 0, random);
    boolean[] testY = labels(600, 2);
    float[][] testX = cloud(testY, 1.0, 0, random);
    // the latent heads alone (no raw-vector head) still find the signal through the encoder
    try (DlMia attack = DlMia.train(x, y, 9, config.withHeadWeights(0.5, 0.5))) {
      double auc = Metrics.rocAuc(attack.predict(testX), testY);
      assertTrue(auc > 0.85, "AUC from the latent heads only: " + auc);
    }
  }

  @Test
  void rejectsBadInput() {
    float[][] ok = {{1f, 2f}, {2f, 1f}, {3f, 0f}, {4f, 1f}};
    boolean[] okY = {true, true, false, false};
    expect(() -> DlMia.train(new float[0][], new boolean[0], 1), "no training difference vectors");
    expect(() -> DlMia.train(null, okY, 1), "no training difference vectors");
    expect(() -> DlMia.train(ok, new boolean[] {true, false}, 1), "one membership label per difference vector");
    expect(() -> DlMia.train(new float[][] {{1f, 2f}, {2f}, {3f, 0f}, {4f, 1f}}, okY, 1),
        "training difference vector 1 has 1 values, expected 2");
    expect(() -> DlMia.train(new float[][] {{1f, 2f}, {2f, Float.NaN}, {3f, 0f}, {4f, 1f}}, okY, 1),
        "training difference vector 1 value 1 is NaN");
    expect(() -> DlMia.train(ok, new boolean[] {true, true, true, true}, 1),
        "at least 2 members and 2 non-members to train, got 4 and 0");
    expect(() -> DlMia.train(ok, new boolean[] {true, false, false, false}, 1),
        "at least 2 members and 2 non-members to train, got 1 and 3");
    expect(() -> DlMia.train(ok, okY, new float[][] {{1f, 2f, 3f}}, 1, DlMia.Config.defaults()),
        "target vectors have 3 values, the training vectors 2");
    expect(() -> DlMia.train(ok, okY, null, 1, DlMia.Config.defaults()), "target vectors must not be null");
    expect(() -> DlMia.train(ok, okY, new float[0][], 1, null), "DL-MIA needs a config");
    expect(() -> DlMia.Config.defaults().withHeadWeights(0.8, 0.3), "sum to at most 1");
    expect(() -> DlMia.Config.defaults().withHeadWeights(-0.1, 0.3), "must be >= 0");
    expect(() -> DlMia.Config.defaults().withEpochs(0, 1, 1), "must be positive");
  }

  @Test
  void predictRejectsBadRows() {
    Random random = new Random(7);
    boolean[] y = labels(60, 2);
    try (DlMia attack = DlMia.train(cloud(y, 1.0, 0, random), y, 1, fastConfig())) {
      expect(() -> attack.predict(null), "no difference vectors to predict");
      expect(() -> attack.predict(new float[][] {{1f, 2f}}), "difference vectors have 2 values, the model was"
          + " trained on " + DIM);
      float[] nan = new float[DIM];
      nan[3] = Float.POSITIVE_INFINITY;
      expect(() -> attack.predict(new float[][] {new float[DIM], nan}), "prediction difference vector 1 value 3"
          + " is Infinity");
    }
  }

  private static void expect(Executable call, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage() != null && e.getMessage().contains(message),
        "message \"" + e.getMessage() + "\" lacks \"" + message + "\"");
  }
}
