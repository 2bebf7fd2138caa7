package io.seqmia.attacker.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** DL-MIA's hand-written losses against values computed by hand. */
class DlMiaLossesTest {

  private static final float EPS = 1e-5f;

  @Test
  void binaryCrossEntropyOnLogits() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.create(new float[] {0f, 2f, -3f, 40f}, new Shape(4, 1));
      NDArray labels = m.create(new float[] {1f, 0f, 0f, 1f}, new Shape(4, 1));
      float[] bce = DlMiaLosses.binaryCrossEntropy(logits, labels).toFloatArray();
      // -log(sigmoid(0)), -log(1 - sigmoid(2)) = log(1 + e^2), log(1 + e^-3), ~e^-40 (no overflow)
      assertArrayEquals(new float[] {(float) Math.log(2), (float) Math.log1p(Math.exp(2)),
          (float) Math.log1p(Math.exp(-3)), 0f}, bce, EPS);
      assertEquals(DlMiaForward.binaryCrossEntropy(2, 0), bce[1], EPS);
    }
  }

  @Test
  void gaussianKlAndReconstruction() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray mean = m.create(new float[] {0f, 0f, 1f, 2f}, new Shape(2, 2));
      NDArray logVar = m.create(new float[] {0f, 0f, (float) Math.log(2), 0f}, new Shape(2, 2));
      // row 0 is the prior itself; row 1: 0.5*(2 - 1 - ln 2 + 1) + 0.5*(1 - 1 - 0 + 4)
      float[] kl = DlMiaLosses.gaussianKl(mean, logVar).toFloatArray();
      assertArrayEquals(new float[] {0f, (float) (0.5 * (2 - Math.log(2)) + 2)}, kl, EPS);
      NDArray x = m.create(new float[] {1f, 1f, 0f, 0f}, new Shape(2, 2));
      NDArray r = m.create(new float[] {1f, 3f, 1f, -1f}, new Shape(2, 2));
      assertArrayEquals(new float[] {2f, 1f}, DlMiaLosses.reconstruction(r, x).toFloatArray(), EPS);
    }
  }

  @Test
  void fusionMixesHeadsWithTheirWeights() {
    DlMia.Config config = DlMia.Config.defaults().withHeadWeights(0.5, 0.2); // raw head: 0.3
    try (NDManager m = NDManager.newBaseManager()) {
      NDList logits = new NDList(m.create(new float[] {0f}, new Shape(1, 1)),
          m.create(new float[] {20f}, new Shape(1, 1)), m.create(new float[] {-20f}, new Shape(1, 1)));
      float p = DlMiaLosses.fusedProbability(logits, config).getFloat();
      assertEquals(0.3 * 0.5 + 0.5 * 1 + 0.2 * 0, p, 1e-6);
      float[][] javaLogits = {{0f}, {20f}, {-20f}};
      assertEquals(p, DlMiaForward.fusedProbabilities(javaLogits, config)[0], 1e-6);
      NDArray y = m.create(new float[] {1f}, new Shape(1, 1));
      float loss = DlMiaLosses.headsLoss(logits, y, config).getFloat();
      assertEquals(0.3 * Math.log(2) + 0.5 * Math.log1p(Math.exp(-20)) + 0.2 * Math.log1p(Math.exp(20)), loss, 1e-5);
    }
  }

  @Test
  void weightLossIsZeroAtTheLossRatio() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray biased = m.create(new float[] {0.2f, 0.6f}, new Shape(2, 1));
      NDArray debiased = m.create(new float[] {0.4f, 0.6f}, new Shape(2, 1));
      NDArray atRatio = m.create(new float[] {0.5f, 1f}, new Shape(2, 1));
      assertArrayEquals(new float[] {0f, 0f}, DlMiaLosses.weightLoss(atRatio, biased, debiased).toFloatArray(), EPS);
      NDArray ones = m.create(new float[] {1f, 1f}, new Shape(2, 1));
      assertArrayEquals(new float[] {0.04f, 0f}, DlMiaLosses.weightLoss(ones, biased, debiased).toFloatArray(), EPS);
    }
  }

  @Test
  void probabilityCrossEntropyClampsCertainMistakes() {
    double loss = DlMiaLosses.probabilityCrossEntropy(new double[] {0.5, 1.0}, new float[] {1f, 0f});
    assertEquals((Math.log(2) - Math.log(1e-7)) / 2, loss, 1e-9);
  }
}
