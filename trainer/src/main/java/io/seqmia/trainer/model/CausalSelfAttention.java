package io.seqmia.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention in which position t only attends to positions 0..t. Input and output are
 * (batch, time, embedding). Sequences are right-padded, so a real position never sees padding either.
 */
public final class CausalSelfAttention extends AbstractBlock {

  /** Added to the scores of future positions; exp() of it is exactly 0 in float32. */
  private static final float MASKED_SCORE = -1e9f;

  private final int embedding;
  private final int heads;
  private final float dropout;
  private final Linear qkv;
  private final Linear projection;

  public CausalSelfAttention(int embedding, int heads, float dropout) {
    if (heads <= 0 || embedding % heads != 0) {
      throw new IllegalArgumentException(
          "embedding size " + embedding + " must be a positive multiple of the head count " + heads);
    }
    this.embedding = embedding;
    this.heads = heads;
    this.dropout = dropout;
    qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * embedding).build());
    projection = addChildBlock("projection", Linear.builder().setUnits(embedding).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    long batch = x.getShape().get(0);
    long time = x.getShape().get(1);
    long headSize = embedding / heads;

    // (B, T, 3C) -> (3, B, H, T, D)
    NDArray all = qkv.forward(ps, new NDList(x), training).singletonOrThrow()
        .reshape(batch, time, 3, heads, headSize).transpose(2, 0, 3, 1, 4);
    NDArray q = all.get(0);
    NDArray k = all.get(1);
    NDArray v = all.get(2);

    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(headSize));
    scores = scores.add(causalBias(x.getManager(), time));
    NDArray weights = scores.softmax(-1);
    weights = Dropout.dropout(weights, dropout, training).singletonOrThrow();

    NDArray mixed = weights.matMul(v).transpose(0, 2, 1, 3).reshape(batch, time, embedding);
    return projection.forward(ps, new NDList(mixed), training);
  }

  /** (T, T) additive mask: 0 where key <= query, a large negative number above the diagonal. */
  static NDArray causalBias(NDManager manager, long time) {
    NDArray positions = manager.arange(0, (int) time, 1, DataType.INT64);
    NDArray query = positions.reshape(time, 1);
    NDArray key = positions.reshape(1, time);
    return key.gt(query).toType(DataType.FLOAT32, false).mul(MASKED_SCORE);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    qkv.initialize(manager, dataType, in);
    projection.initialize(manager, dataType, new Shape(in.get(0), in.get(1), embedding));
  }
}
