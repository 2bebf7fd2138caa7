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
 * DL-MIA's attack model: three MLP heads, one on the difference vector itself, one on the invariant latent
 * and one on the specific latent (the reference code's mlp1, mlp2, mlp3). Each ends in one logit; the
 * caller fuses them (see {@link DlMiaLosses#fusedProbability}).
 *
 * <p>Inputs: {@code x (B, d)}, invariant latent, specific latent. Outputs: the three logits
 * {@code (B, 1)} in the order of the {@code *_HEAD} constants.
 */
final class DlMiaHeads extends AbstractBlock {

  static final int RAW_HEAD = 0;
  static final int INVARIANT_HEAD = 1;
  static final int SPECIFIC_HEAD = 2;

  private final SequentialBlock raw;
  private final SequentialBlock invariant;
  private final SequentialBlock specific;

  DlMiaHeads(int[] hidden) {
    raw = addChildBlock("raw_head", mlp(hidden));
    invariant = addChildBlock("invariant_head", mlp(hidden));
    specific = addChildBlock("specific_head", mlp(hidden));
  }

  private static SequentialBlock mlp(int[] hidden) {
    SequentialBlock net = new SequentialBlock();
    for (int units : hidden) {
      net.add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock());
    }
    return net.add(Linear.builder().setUnits(1).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray r = raw.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
    NDArray i = invariant.forward(ps, new NDList(inputs.get(1)), training).singletonOrThrow();
    NDArray s = specific.forward(ps, new NDList(inputs.get(2)), training).singletonOrThrow();
    return new NDList(r, i, s);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape logit = new Shape(inputShapes[0].get(0), 1);
    return new Shape[] {logit, logit, logit};
  }

  @Override
  public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    raw.initialize(manager, dataType, inputShapes[0]);
    invariant.initialize(manager, dataType, inputShapes[1]);
    specific.initialize(manager, dataType, inputShapes[2]);
  }
}
