package io.seqmia.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm transformer layer (GPT-2 style): {@code x + attn(ln1(x))}, then {@code x + ff(ln2(x))}
 * with a GELU feed-forward. Every operation is per position except the causal attention, so the block
 * is causal as a whole.
 */
public final class TransformerBlock extends AbstractBlock {

  private final int feedForward;
  private final float dropout;
  private final LastAxisLayerNorm norm1;
  private final CausalSelfAttention attention;
  private final LastAxisLayerNorm norm2;
  private final Linear expand;
  private final Linear contract;

  public TransformerBlock(int embedding, int heads, int feedForward, float dropout) {
    this.feedForward = feedForward;
    this.dropout = dropout;
    norm1 = addChildBlock("norm1", new LastAxisLayerNorm(embedding));
    attention = addChildBlock("attention", new CausalSelfAttention(embedding, heads, dropout));
    norm2 = addChildBlock("norm2", new LastAxisLayerNorm(embedding));
    expand = addChildBlock("expand", Linear.builder().setUnits(feedForward).build());
    contract = addChildBlock("contract", Linear.builder().setUnits(embedding).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray a = norm1.forward(ps, new NDList(x), training).singletonOrThrow();
    a = attention.forward(ps, new NDList(a), training).singletonOrThrow();
    x = x.add(Dropout.dropout(a, dropout, training).singletonOrThrow());

    NDArray f = norm2.forward(ps, new NDList(x), training).singletonOrThrow();
    f = Activation.gelu(expand.forward(ps, new NDList(f), training).singletonOrThrow());
    f = contract.forward(ps, new NDList(f), training).singletonOrThrow();
    return new NDList(x.add(Dropout.dropout(f, dropout, training).singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    norm1.initialize(manager, dataType, in);
    attention.initialize(manager, dataType, in);
    norm2.initialize(manager, dataType, in);
    expand.initialize(manager, dataType, in);
    contract.initialize(manager, dataType, new Shape(in.get(0), in.get(1), feedForward));
  }
}
