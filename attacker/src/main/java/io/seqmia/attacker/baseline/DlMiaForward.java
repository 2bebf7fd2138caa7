package io.seqmia.attacker.baseline;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;

/**
 * Inference-mode passes over many rows (no gradient, latents at their posterior means), in chunks so
 * memory stays bounded, plus the row-to-NDArray helpers the training steps share.
 */
final class DlMiaForward {

  /** Rows per inference chunk. */
  static final int CHUNK = 2048;

  private DlMiaForward() {}

  /** The encoder's outputs for {@code input} with zero noise, i.e. both latents at their means. */
  private static NDList encodeAtMeans(DlMiaEncoder block, NDManager sub, NDArray input) {
    long n = input.getShape().get(0);
    return block.forward(new ParameterStore(sub, false),
        new NDList(input, sub.zeros(new Shape(n, block.invariantDim())), sub.zeros(new Shape(n, block.specificDim()))),
        false);
  }

  /** The three heads' logits, {@code [head][row]}, with both latents at their means. */
  static float[][] headLogits(Model encoder, Model heads, float[][] x) {
    DlMiaEncoder block = (DlMiaEncoder) encoder.getBlock();
    float[][] out = new float[3][x.length];
    for (int start = 0; start < x.length; start += CHUNK) {
      int end = Math.min(x.length, start + CHUNK);
      try (NDManager sub = encoder.getNDManager().newSubManager()) {
        NDArray input = rows(sub, x, start, end);
        NDList encoded = encodeAtMeans(block, sub, input);
        NDList logits = heads.getBlock().forward(new ParameterStore(sub, false),
            new NDList(input, encoded.get(DlMiaEncoder.INVARIANT_MEAN), encoded.get(DlMiaEncoder.SPECIFIC_MEAN)),
            false);
        for (int h = 0; h < 3; h++) {
          System.arraycopy(logits.get(h).toFloatArray(), 0, out[h], start, end - start);
        }
      }
    }
    return out;
  }

  /** Member probabilities from the heads' logits, mixed with the fusion weights. */
  static double[] fusedProbabilities(float[][] logits, DlMia.Config config) {
    double[] p = new double[logits[0].length];
    for (int i = 0; i < p.length; i++) {
      p[i] = config.rawHeadWeight() * sigmoid(logits[DlMiaHeads.RAW_HEAD][i])
          + config.invariantHeadWeight() * sigmoid(logits[DlMiaHeads.INVARIANT_HEAD][i])
          + config.specificHeadWeight() * sigmoid(logits[DlMiaHeads.SPECIFIC_HEAD][i]);
    }
    return p;
  }

  /** The encoder's mean loss (reconstruction + weighted KL) over {@code x}, latents at their means. */
  static double encoderLoss(Model encoder, float[][] x, DlMia.Config config) {
    DlMiaEncoder block = (DlMiaEncoder) encoder.getBlock();
    double sum = 0;
    for (int start = 0; start < x.length; start += CHUNK) {
      int end = Math.min(x.length, start + CHUNK);
      try (NDManager sub = encoder.getNDManager().newSubManager()) {
        NDArray input = rows(sub, x, start, end);
        NDList encoded = encodeAtMeans(block, sub, input);
        sum += DlMiaLosses.encoderLoss(encoded, input, config).sum().getFloat();
      }
    }
    return sum / x.length;
  }

  /** The weight estimator's weight for every row. */
  static float[] weights(Model weights, float[][] x) {
    float[] out = new float[x.length];
    for (int start = 0; start < x.length; start += CHUNK) {
      int end = Math.min(x.length, start + CHUNK);
      try (NDManager sub = weights.getNDManager().newSubManager()) {
        NDArray w = weights.getBlock().forward(new ParameterStore(sub, false),
            new NDList(rows(sub, x, start, end)), false).singletonOrThrow();
        System.arraycopy(w.toFloatArray(), 0, out, start, end - start);
      }
    }
    return out;
  }

  /** Rows {@code [start, end)} of {@code x} as a (rows, d) array. */
  static NDArray rows(NDManager manager, float[][] x, int start, int end) {
    int d = x[0].length;
    float[] flat = new float[(end - start) * d];
    for (int i = start; i < end; i++) {
      System.arraycopy(x[i], 0, flat, (i - start) * d, d);
    }
    return manager.create(flat, new Shape(end - start, d));
  }

  /** The rows of {@code x} named by {@code index[start, end)} as a (rows, d) array. */
  static NDArray rows(NDManager manager, float[][] x, int[] index, int start, int end) {
    int d = x[0].length;
    float[] flat = new float[(end - start) * d];
    for (int i = start; i < end; i++) {
      System.arraycopy(x[index[i]], 0, flat, (i - start) * d, d);
    }
    return manager.create(flat, new Shape(end - start, d));
  }

  /** {@code values[index[start, end)]} as a (rows, 1) column. */
  static NDArray column(NDManager manager, float[] values, int[] index, int start, int end) {
    float[] out = new float[end - start];
    for (int i = start; i < end; i++) {
      out[i - start] = values[index[i]];
    }
    return manager.create(out, new Shape(end - start, 1));
  }

  /**
   * Standard normal reparameterisation noise drawn from {@code random}, so a seed fixes it (Java 17's
   * ziggurat-based {@code nextGaussian}, several times faster than {@code java.util.Random}'s).
   */
  static NDArray noise(NDManager manager, int rows, int dim, SplittableRandom random) {
    float[] values = new float[rows * dim];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return manager.create(values, new Shape(rows, dim));
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** Binary cross-entropy of a logit against a 0/1 label, numerically stable. */
  static double binaryCrossEntropy(double z, double y) {
    return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
  }
}
