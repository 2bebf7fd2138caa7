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
 * DL-MIA's weight estimator: a "truth-level" weight in {@code [minWeight, 1]} per difference vector, used
 * to weight that vector's training loss. Here a small MLP of the vector (the reference code keeps one free
 * parameter per training pair instead); the floor keeps {@code 1/w} in the weight loss finite.
 *
 * <p>Input: {@code x (B, d)}. Output: weights {@code (B, 1)}.
 */
final class DlMiaWeightEstimator extends AbstractBlock {

  private final float minWeight;
  private final SequentialBlock net;

  DlMiaWeightEstimator(int hidden, float minWeight) {
    this.minWeight = minWeight;
    net = addChildBlock("weight_mlp", new SequentialBlock()
        .add(Linear.builder().setUnits(hidden).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(1).build()));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray logit = net.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
    return new NDList(Activation.sigmoid(logit).mul(1f - minWeight).add(minWeight));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
  }

  @Override
  public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    net.initialize(manager, dataType, inputShapes[0]);
  }
}
