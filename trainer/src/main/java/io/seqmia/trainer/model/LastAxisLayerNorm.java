package io.seqmia.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Layer normalisation over the last axis only (the feature axis), with learned gain and bias. Written
 * out because DJL's {@code LayerNorm} block normalises over every non-batch axis by default, which would
 * mix time steps and leak future positions into earlier ones.
 */
public final class LastAxisLayerNorm extends AbstractBlock {

  private static final float EPSILON = 1e-5f;

  private final long features;
  private final Parameter gamma;
  private final Parameter beta;

  public LastAxisLayerNorm(long features) {
    this.features = features;
    gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
        .optShape(new Shape(features)).optInitializer(Initializer.ONES).build());
    beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
        .optShape(new Shape(features)).optInitializer(Initializer.ZEROS).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray g = ps.getValue(gamma, x.getDevice(), training);
    NDArray b = ps.getValue(beta, x.getDevice(), training);
    // The result lives on x's manager, so per-batch intermediates are freed with the batch.
    return LayerNorm.layerNorm(x, new Shape(features), g, b, EPSILON);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  public void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
