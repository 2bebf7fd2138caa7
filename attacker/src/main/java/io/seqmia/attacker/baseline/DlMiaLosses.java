package io.seqmia.attacker.baseline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/** DL-MIA's per-row losses, written out with NDArray operations so autograd sees them on any engine. */
final class DlMiaLosses {

  private static final int[] FEATURE_AXIS = {1};

  private DlMiaLosses() {}

  /** Binary cross-entropy on logits, per row: {@code max(z,0) - z*y + log(1 + exp(-|z|))}. */
  static NDArray binaryCrossEntropy(NDArray logits, NDArray labels) {
    return logits.maximum(0f).sub(logits.mul(labels)).add(logits.abs().neg().exp().add(1f).log());
  }

  /** KL(N(mu, exp(logVar)) || N(0, I)) per row, summed over the latent dimensions: shape (B, 1). */
  static NDArray gaussianKl(NDArray mean, NDArray logVar) {
    return logVar.add(1f).sub(mean.square()).sub(logVar.exp()).sum(FEATURE_AXIS, true).mul(-0.5f);
  }

  /** Mean squared reconstruction error per row (a unit-variance Gaussian decoder, divided by d). */
  static NDArray reconstruction(NDArray reconstruction, NDArray x) {
    return reconstruction.sub(x).square().mean(FEATURE_AXIS, true);
  }

  /** The encoder's loss per row: reconstruction plus the two weighted KL terms. */
  static NDArray encoderLoss(NDList encoded, NDArray x, DlMia.Config config) {
    NDArray klInv = gaussianKl(encoded.get(DlMiaEncoder.INVARIANT_MEAN), encoded.get(DlMiaEncoder.INVARIANT_LOG_VAR));
    NDArray klSpec = gaussianKl(encoded.get(DlMiaEncoder.SPECIFIC_MEAN), encoded.get(DlMiaEncoder.SPECIFIC_LOG_VAR));
    return reconstruction(encoded.get(DlMiaEncoder.RECONSTRUCTION), x)
        .add(klInv.mul((float) config.invariantKlWeight()))
        .add(klSpec.mul((float) config.specificKlWeight()));
  }

  /**
   * The heads' loss per row, fused like the reference code: {@code alpha * invariant + beta * specific +
   * (1 - alpha - beta) * raw}, each a binary cross-entropy against {@code labels}.
   */
  static NDArray headsLoss(NDList logits, NDArray labels, DlMia.Config config) {
    return binaryCrossEntropy(logits.get(DlMiaHeads.RAW_HEAD), labels).mul((float) config.rawHeadWeight())
        .add(binaryCrossEntropy(logits.get(DlMiaHeads.INVARIANT_HEAD), labels)
            .mul((float) config.invariantHeadWeight()))
        .add(binaryCrossEntropy(logits.get(DlMiaHeads.SPECIFIC_HEAD), labels)
            .mul((float) config.specificHeadWeight()));
  }

  /** The member probability: the heads' probabilities mixed with the fusion weights (stays in [0, 1]). */
  static NDArray fusedProbability(NDList logits, DlMia.Config config) {
    return Activation.sigmoid(logits.get(DlMiaHeads.RAW_HEAD)).mul((float) config.rawHeadWeight())
        .add(Activation.sigmoid(logits.get(DlMiaHeads.INVARIANT_HEAD)).mul((float) config.invariantHeadWeight()))
        .add(Activation.sigmoid(logits.get(DlMiaHeads.SPECIFIC_HEAD)).mul((float) config.specificHeadWeight()));
  }

  /**
   * The weight estimator's loss per row, the reference code's {@code (biased / w - debiased)^2}: the
   * weight that solves it is the ratio of the biased to the debiased loss.
   */
  static NDArray weightLoss(NDArray weights, NDArray biasedLoss, NDArray debiasedLoss) {
    return biasedLoss.div(weights).sub(debiasedLoss).square();
  }

  /** Fused binary cross-entropy of probabilities (for early stopping), clamped away from log(0). */
  static double probabilityCrossEntropy(double[] p, float[] y) {
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
      sum -= y[i] > 0.5f ? Math.log(q) : Math.log(1 - q);
    }
    return sum / p.length;
  }
}
