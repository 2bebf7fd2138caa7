package io.seqmia.attacker.baseline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DL-MIA's disentangled encoder as a variational auto-encoder: one Gaussian encoder for the
 * recommender-invariant latent, one for the recommender-specific latent, and a decoder that reconstructs
 * the difference vector from both. The reparameterisation noise is an input, so the caller decides (and
 * seeds) it; zero noise gives the posterior means.
 *
 * <p>Inputs: {@code x (B, d)}, invariant noise {@code (B, invariantDim)}, specific noise
 * {@code (B, specificDim)}. Outputs, in order: the
 * means, log-variances and samples of both latents, then the reconstruction (see the index constants).
 */
final class DlMiaEncoder extends AbstractBlock {

  static final int INVARIANT_MEAN = 0;
  static final int INVARIANT_LOG_VAR = 1;
  static final int SPECIFIC_MEAN = 2;
  static final int SPECIFIC_LOG_VAR = 3;
  static final int INVARIANT_SAMPLE = 4;
  static final int SPECIFIC_SAMPLE = 5;
  static final int RECONSTRUCTION = 6;

  /** Log-variances are clipped to [-bound, bound] so exp() can neither vanish nor overflow early on. */
  static final float LOG_VAR_BOUND = 8f;

  private final int inputDim;
  private final int hidden;
  private final int invariantDim;
  private final int specificDim;
  private final SequentialBlock invariantTrunk;
  private final Linear invariantMean;
  private final Linear invariantLogVar;
  private final SequentialBlock specificTrunk;
  private final Linear specificMean;
  private final Linear specificLogVar;
  private final SequentialBlock decoder;

  DlMiaEncoder(int inputDim, int hidden, int invariantDim, int specificDim) {
    this.inputDim = inputDim;
    this.hidden = hidden;
    this.invariantDim = invariantDim;
    this.specificDim = specificDim;
    invariantTrunk = addChildBlock("invariant_trunk", trunk(hidden));
    invariantMean = addChildBlock("invariant_mean", Linear.builder().setUnits(invariantDim).build());
    invariantLogVar = addChildBlock("invariant_log_var", Linear.builder().setUnits(invariantDim).build());
    specificTrunk = addChildBlock("specific_trunk", trunk(hidden));
    specificMean = addChildBlock("specific_mean", Linear.builder().setUnits(specificDim).build());
    specificLogVar = addChildBlock("specific_log_var", Linear.builder().setUnits(specificDim).build());
    decoder = addChildBlock("decoder", new SequentialBlock()
        .add(Linear.builder().setUnits(hidden).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(inputDim).build()));
  }

  private static SequentialBlock trunk(int hidden) {
    return new SequentialBlock().add(Linear.builder().setUnits(hidden).build()).add(Activation.reluBlock());
  }

  int invariantDim() {
    return invariantDim;
  }

  int specificDim() {
    return specificDim;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray hInv = invariantTrunk.forward(ps, new NDList(x), training).singletonOrThrow();
    NDArray muInv = invariantMean.forward(ps, new NDList(hInv), training).singletonOrThrow();
    NDArray lvInv = invariantLogVar.forward(ps, new NDList(hInv), training).singletonOrThrow()
        .clip(-LOG_VAR_BOUND, LOG_VAR_BOUND);
    NDArray hSpec = specificTrunk.forward(ps, new NDList(x), training).singletonOrThrow();
    NDArray muSpec = specificMean.forward(ps, new NDList(hSpec), training).singletonOrThrow();
    NDArray lvSpec = specificLogVar.forward(ps, new NDList(hSpec), training).singletonOrThrow()
        .clip(-LOG_VAR_BOUND, LOG_VAR_BOUND);
    NDArray zInv = muInv.add(lvInv.mul(0.5f).exp().mul(inputs.get(1)));
    NDArray zSpec = muSpec.add(lvSpec.mul(0.5f).exp().mul(inputs.get(2)));
    NDArray reconstruction = decoder.forward(ps, new NDList(zInv.concat(zSpec, 1)), training).singletonOrThrow();
    return new NDList(muInv, lvInv, muSpec, lvSpec, zInv, zSpec, reconstruction);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[0].get(0);
    Shape inv = new Shape(b, invariantDim);
    Shape spec = new Shape(b, specificDim);
    return new Shape[] {inv, inv, spec, spec, inv, spec, new Shape(b, inputDim)};
  }

  @Override
  public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    long b = in.get(0);
    Shape h = new Shape(b, hidden);
    invariantTrunk.initialize(manager, dataType, in);
    invariantMean.initialize(manager, dataType, h);
    invariantLogVar.initialize(manager, dataType, h);
    specificTrunk.initialize(manager, dataType, in);
    specificMean.initialize(manager, dataType, h);
    specificLogVar.initialize(manager, dataType, h);
    decoder.initialize(manager, dataType, new Shape(b, invariantDim + specificDim));
  }
}
