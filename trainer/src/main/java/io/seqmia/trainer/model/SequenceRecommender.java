package io.seqmia.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Causal transformer next-item model (SASRec / GPT-2 style) with tied input and output item embeddings.
 *
 * <p>Input: {@code NDList(tokens (B,T) int64, realRows (N) int64)}, where realRows are the row-major
 * indices {@code b * T + t} of the N real (non-padding) positions. Output: {@code NDList(logits (N,V))}
 * for those positions only, in the order of realRows. Skipping padding
 * rows before the vocabulary-sized matmul is what makes training about 3x faster.
 */
public final class SequenceRecommender extends AbstractBlock {

  /** Small initial embeddings keep the initial tied-output logits near zero (uniform prediction). */
  private static final float EMBEDDING_INIT_STD = 0.02f;

  private final int vocabularySize;
  private final int embedding;
  private final int maxPositions;
  private final float dropout;
  private final Parameter itemEmbedding;
  private final Parameter positionEmbedding;
  private final List<TransformerBlock> layers = new ArrayList<>();
  private final LastAxisLayerNorm finalNorm;

  /**
   * @param maxPositions the longest input the model accepts (max items + 1 for the START token)
   */
  public SequenceRecommender(
      int vocabularySize, int embedding, int heads, int layerCount, int feedForward, int maxPositions,
      float dropout) {
    this.vocabularySize = vocabularySize;
    this.embedding = embedding;
    this.maxPositions = maxPositions;
    this.dropout = dropout;
    itemEmbedding = addParameter(Parameter.builder().setName("item_embedding")
        .setType(Parameter.Type.WEIGHT).optShape(new Shape(vocabularySize, embedding))
        .optInitializer(new NormalInitializer(EMBEDDING_INIT_STD)).build());
    positionEmbedding = addParameter(Parameter.builder().setName("position_embedding")
        .setType(Parameter.Type.WEIGHT).optShape(new Shape(maxPositions, embedding))
        .optInitializer(new NormalInitializer(EMBEDDING_INIT_STD)).build());
    for (int i = 0; i < layerCount; i++) {
      layers.add(addChildBlock("layer" + i, new TransformerBlock(embedding, heads, feedForward, dropout)));
    }
    finalNorm = addChildBlock("final_norm", new LastAxisLayerNorm(embedding));
  }

  public int vocabularySize() {
    return vocabularySize;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokens = inputs.get(0);
    NDArray realRows = inputs.get(1);
    long batch = tokens.getShape().get(0);
    long time = tokens.getShape().get(1);
    if (time > maxPositions) {
      throw new IllegalArgumentException("input has " + time + " positions, the model at most " + maxPositions);
    }
    NDArray items = ps.getValue(itemEmbedding, tokens.getDevice(), training);
    NDArray positionTable = ps.getValue(positionEmbedding, tokens.getDevice(), training);

    // Lookups are issued on the batch's arrays so every intermediate lives on the batch manager.
    NDArray x = tokens.getNDArrayInternal().embedding(tokens, items, SparseFormat.DENSE).singletonOrThrow();
    NDArray positions = tokens.getManager().arange(0, (int) time, 1, DataType.INT64);
    NDArray p = positions.getNDArrayInternal()
        .embedding(positions, positionTable, SparseFormat.DENSE).singletonOrThrow();
    x = Dropout.dropout(x.add(p), dropout, training).singletonOrThrow();

    for (TransformerBlock layer : layers) {
      x = layer.forward(ps, new NDList(x), training).singletonOrThrow();
    }
    x = finalNorm.forward(ps, new NDList(x), training).singletonOrThrow();

    NDArray hidden = x.reshape(batch * time, embedding).get(realRows);
    // hidden . itemEmbedding^T, the tied output layer
    return Linear.linear(hidden, items);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(-1, vocabularySize)};
  }

  @Override
  public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape tokens = inputShapes[0];
    Shape hidden = new Shape(tokens.get(0), tokens.get(1), embedding);
    for (TransformerBlock layer : layers) {
      layer.initialize(manager, dataType, hidden);
    }
    finalNorm.initialize(manager, dataType, hidden);
  }
}
